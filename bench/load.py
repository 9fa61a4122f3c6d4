"""Pages under load: N signed-in job-seekers without think time against a running stack.

Starts nothing itself: it targets a stack already running on this machine (`--host`, 127.0.0.1
or localhost only), whose users come from `manage.py load_users --count N` (docs/load.md).

    .venv/bin/python bench/load.py --host http://127.0.0.1:8000 --users 50 --duration 60

It logs the N users in once over HTTP (their sessions are reused by every phase), then runs one
phase per page: N locust users (FastHttpUser, no wait between requests) request only that page
for `--duration` seconds, statistics counted from the moment all N are running. A phase of
anonymous `/healthz` (N users, `--healthz-duration` seconds) runs before the first page, between
pages and after the last; each page's req/s is divided by the mean of the two `/healthz` phases
around it, so a machine whose load changes during the run (a shared one) skews no ratio, and
the spread of the `/healthz` phases is printed. A final mixed phase has the N users each pick
any of the pages (`/healthz` anonymous among them) at random: it gives the `/healthz` p95 while
every page competes for the server, the situation in which a health probe must still answer
quickly. The load generator runs on the same machine and takes its share of the CPU, more for
the fast `/healthz` than for pages: the ratios understate what the server alone would do.

Every request must answer 200 (redirects are not followed: a session that lost its login shows
as an error, not as a fast login page). Prints a table, then one JSON line last.
"""

from __future__ import annotations

# isort: off
# locust patches the standard library for gevent when imported: before anything uses sockets.
from locust import FastHttpUser, constant, task
from locust.env import Environment
import gevent
from gevent.pool import Pool

# isort: on
import argparse
import json
import os
import random
import re
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

ALLOWED_HOSTS = {"127.0.0.1", "localhost"}
MAX_DURATION = 600
SEARCHES = ["data", "python", "marketing", "design", "santé", "finance", "ai", "excel"]
# Done-when targets of issue 14: a page's share of anonymous /healthz req/s.
TARGETS = {"me": 0.40, "plan": 0.40, "api_profile": 0.40, "roles": 0.25, "search": 0.25}
HEALTHZ_P95_TARGET_MS = 100


def _path(name: str, user: dict) -> str:
    if name == "healthz":
        return "/healthz"
    if name == "me":
        return "/me/"
    if name == "roles":
        return "/roles/"
    if name == "role":
        return f"/roles/{user['role']}/"
    if name == "plan":
        return f"/assessments/{user['plan']}/"
    if name == "search":
        return "/catalogue/?" + urllib.parse.urlencode({"q": random.choice(SEARCHES)})
    if name == "api_profile":
        return "/api/v1/profiles/me/"
    raise ValueError(name)


PAGES = ["me", "roles", "role", "plan", "search", "api_profile"]
LABELS = {
    "healthz": "/healthz (anonymous)",
    "me": "/me/",
    "roles": "/roles/",
    "role": "/roles/<id>/ (role page)",
    "plan": "/assessments/<id>/ (plan)",
    "search": "/catalogue/?q=… (search)",
    "api_profile": "/api/v1/profiles/me/",
}


# --- preparation: log in once per user, find their plan and a role --------------------------


def _opener(jar: CookieJar):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def _fetch(opener, url: str, data: dict | None = None, referer: str | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)
    if referer:
        request.add_header("Referer", referer)
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:  # 302 after log-in lands here (not followed)
        return error.code, error.read().decode(errors="replace")


def log_in(host: str, username: str, password: str) -> dict:
    jar = CookieJar()
    opener = _opener(jar)
    login = f"{host}/accounts/login/"
    status, page = _fetch(opener, login)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not token:
        raise SystemExit(f"{login} answered {status} without a log-in form")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    status, _page = _fetch(opener, login, form, referer=login)
    cookies = {c.name: c.value for c in jar}
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(
            f"log-in of {username} failed ({status}): run `manage.py load_users` first"
        )
    _status, plans = _fetch(opener, f"{host}/assessments/")
    _status, roles = _fetch(opener, f"{host}/roles/")
    plan = re.search(r'href="/assessments/(\d+)/"', plans)
    role = re.search(r'href="/roles/(\d+)/"', roles)
    if not plan or not role:
        raise SystemExit(f"{username} has no plan or no role: run `manage.py load_users` first")
    return {
        "cookie": f"sessionid={cookies['sessionid']}",
        "plan": plan.group(1),
        "role": role.group(1),
    }


# --- load phases --------------------------------------------------------------------------------


def user_class(pages: list[str], sessions: list[dict]):
    class Visitor(FastHttpUser):
        wait_time = constant(0)

        def on_start(self):
            self.me = sessions[next(_counter) % len(sessions)]

        @task
        def visit(self):
            name = random.choice(pages)
            headers = {} if name == "healthz" else {"Cookie": self.me["cookie"]}
            with self.client.get(
                _path(name, self.me),
                name=name,
                headers=headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")

    return Visitor


def _count():
    n = 0
    while True:
        yield n
        n += 1


_counter = _count()


def run_phase(host: str, pages: list[str], sessions: list[dict], users: int, duration: int):
    env = Environment(user_classes=[user_class(pages, sessions)], host=host)
    runner = env.create_local_runner()
    load_before = os.getloadavg()[0]
    runner.start(users, spawn_rate=users)
    while runner.user_count < users:
        gevent.sleep(0.05)
    gevent.sleep(1)  # every user has sent its first request
    runner.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(duration)
    elapsed = time.monotonic() - started
    runner.stop()
    rows = {}
    for name in pages:
        entry = runner.stats.entries.get((name, "GET"))
        if entry is None or entry.num_requests == 0:
            rows[name] = {"requests": 0, "errors": 0, "rps": 0.0}
            continue
        rows[name] = {
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "rps": round(entry.num_requests / elapsed, 1),
            "p50_ms": entry.get_response_time_percentile(0.50),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
        }
    errors = [f"{e.name}: {e.error} ×{e.occurrences}" for e in runner.stats.errors.values()]
    runner.quit()
    load = {"load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}
    return rows, errors, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds per page phase")
    parser.add_argument(
        "--healthz-duration", type=int, default=20, help="seconds per /healthz phase"
    )
    parser.add_argument("--prefix", default="load", help="user names PREFIX-001… (load_users)")
    parser.add_argument("--password", default="load-bench-password")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated subset")
    parser.add_argument("--no-mixed", action="store_true", help="skip the mixed phase")
    args = parser.parse_args()
    host = args.host.rstrip("/")
    if urllib.parse.urlparse(host).hostname not in ALLOWED_HOSTS:
        raise SystemExit("bench/load.py only targets a stack on this machine (127.0.0.1)")
    if not all(1 <= d <= MAX_DURATION for d in (args.duration, args.healthz_duration)):
        raise SystemExit(f"--duration and --healthz-duration: 1 to {MAX_DURATION} seconds")
    pages = [p for p in args.pages.split(",") if p]
    unknown = set(pages) - set(PAGES)
    if unknown:
        raise SystemExit(f"unknown pages {sorted(unknown)}; choose among {PAGES}")

    started = time.monotonic()
    names = [f"{args.prefix}-{i:03d}" for i in range(1, args.users + 1)]
    # A few at a time: each log-in hashes a password on the server, its costliest request.
    sessions = list(Pool(4).imap(lambda name: log_in(host, name, args.password), names))
    print(f"{len(sessions)} users logged in ({time.monotonic() - started:.0f} s)", flush=True)

    phases: dict[str, dict] = {}
    loads: dict[str, dict] = {}
    errors: list[str] = []
    order = ["healthz_0"]
    for i, page in enumerate(pages, start=1):
        order += [page, f"healthz_{i}"]
    for phase in order:
        name = phase.split("_")[0] if phase.startswith("healthz") else phase
        seconds = args.healthz_duration if name == "healthz" else args.duration
        rows, phase_errors, load = run_phase(host, [name], sessions, args.users, seconds)
        phases[phase], loads[phase] = rows[name], load
        errors += [f"[{phase}] {e}" for e in phase_errors]
        print(f"  {phase:12} {rows[name]['rps']:8.1f} req/s  load {load}", flush=True)
    mixed = {}
    if not args.no_mixed:
        mixed, mixed_errors, loads["mixed"] = run_phase(
            host, ["healthz", *pages], sessions, args.users, args.duration
        )
        errors += [f"[mixed] {e}" for e in mixed_errors]

    healthz = [phases[p]["rps"] for p in order if p.startswith("healthz")]
    healthz_rps = sum(healthz) / len(healthz)
    print()
    print(
        f"{args.users} users, {args.duration} s per page, {args.healthz_duration} s per /healthz "
        f"phase, {host}; anonymous /healthz {min(healthz)}–{max(healthz)} req/s "
        f"(mean {healthz_rps:.1f}); each ratio uses the /healthz phases just before and after"
    )
    header = f"{'page':28} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6} {'ratio':>6}"
    print(header + "  target")
    for i, phase in enumerate(order):
        row = phases[phase]
        if phase.startswith("healthz"):
            name, around = "healthz", healthz_rps
        else:
            name = phase
            around = (phases[order[i - 1]]["rps"] + phases[order[i + 1]]["rps"]) / 2
        ratio = row["rps"] / around if around else 0.0
        row["ratio"] = round(ratio, 3)
        target = TARGETS.get(phase)
        verdict = (
            "" if target is None else f"≥ {target:.0%} {'ok' if ratio >= target else 'MISSED'}"
        )
        print(
            f"{LABELS[name]:28} {row['rps']:7.1f} {row.get('p50_ms', 0):6.0f} "
            f"{row.get('p95_ms', 0):6.0f} {row.get('p99_ms', 0):6.0f} {row['errors']:6d} "
            f"{ratio:6.0%}  {verdict}"
        )
    if mixed:
        total = sum(r["rps"] for r in mixed.values())
        print(f"\nmixed phase: {total:.1f} req/s in total")
        for name, row in mixed.items():
            print(
                f"{LABELS[name]:28} {row['rps']:7.1f} {row.get('p50_ms', 0):6.0f} "
                f"{row.get('p95_ms', 0):6.0f} {row.get('p99_ms', 0):6.0f} {row['errors']:6d}"
            )
        p95 = mixed["healthz"].get("p95_ms", 0)
        verdict = "ok" if p95 <= HEALTHZ_P95_TARGET_MS else "MISSED"
        print(
            f"/healthz p95 in the mixed phase: {p95} ms "
            f"(target ≤ {HEALTHZ_P95_TARGET_MS}) {verdict}"
        )
    print("load average (1 min) at start/end of each phase:", loads)
    total_errors = sum(r["errors"] for r in phases.values()) + sum(
        r["errors"] for r in mixed.values()
    )
    print(f"errors: {total_errors}" + ("" if not errors else "\n  " + "\n  ".join(errors)))
    result = {
        "bench": "load",
        "host": host,
        "users": args.users,
        "duration_s": args.duration,
        "healthz_rps": round(healthz_rps, 1),
        "healthz_duration_s": args.healthz_duration,
        "phases": phases,
        "mixed": mixed,
        "load": loads,
        "errors": total_errors,
    }
    print(json.dumps(result, ensure_ascii=False))
    sys.exit(1 if total_errors else 0)


if __name__ == "__main__":
    main()
