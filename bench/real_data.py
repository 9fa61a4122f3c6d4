"""Wall time of `load_real_data ../shared/data` on a fresh SQLite database, then of a second run.

Runs the real commands in subprocesses (as a person would): `migrate`, then `load_real_data`
twice on a new database file in a temporary folder (or `BENCH_SQLITE` if set; it is deleted
first). Prints both summaries, then one JSON line: wall seconds of each run, created per run,
and each stage's seconds in the first run.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("REAL_DATA_DIR", ROOT.parent / "shared" / "data"))
STAGE = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+) s")


def manage(*args: str, env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} exited {done.returncode}")
    return seconds, done.stdout


def main() -> dict:
    folder = Path(tempfile.mkdtemp(prefix="reconv-bench-"))
    database = Path(os.environ.get("BENCH_SQLITE", folder / "real.sqlite3"))
    database.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    manage("migrate", "-v0", env=env)
    first_s, first = manage("load_real_data", str(DATA), "-v0", env=env)
    second_s, second = manage("load_real_data", str(DATA), "-v0", env=env)
    print(first, second, sep="\n")
    created = [int(re.search(r"Total: (\d+) created", out).group(1)) for out in (first, second)]
    stages = {
        m.group(1): float(m.group(6)) for line in first.splitlines() if (m := STAGE.match(line))
    }
    return {
        "database": "sqlite",
        "first_run_s": round(first_s, 1),
        "second_run_s": round(second_s, 1),
        "created_first": created[0],
        "created_second": created[1],
        "stage_seconds": stages,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
