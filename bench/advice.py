"""Advice a counsellor would sign? Personas run through the real code path on the real data.

Each persona of bench/personas.json (a current ESCO occupation, skills chosen from what such a
person has, weekly hours, budget, horizon, languages, formats, certificates or not) becomes a user
and a Profile through the advisor's services; `selectors.role_suggestions` ranks the AI-era
roles; an Assessment toward the top role is created and run in-process
(`services.assessment_create` + `running.assessment_run`), exactly as the worker does. Each
persona runs in a transaction rolled back at its end: the database is left as it was and no
task is enqueued.

Printed per persona: the top 3 roles with readiness; the top role's path (title, kind, hours,
price, why); and the figures (docs/advice-benchmark.md says how each is computed):
- gap closed: share of the weighted gap Σ weight × max(0, required − level) the path closes,
  with readiness before → after (levels after the path as the planner stored them);
- practice steps (project, hackathon, competition);
- steps that really teach what they claim: by the hand-labelled set
  (courses/data/labelled/courses.csv) where the resource is in it, else by the rule of
  `claim_holds` (every content word of the skill's label, an ESCO alternative label or a curated
  alias appears in the title or provider topics; for practice also in the description);
- paid share: steps with a price to follow, and cost without / with certificates (EUR);
- open skills with the engine's reason, checked against the catalogue (`reason_expected`).

Usage (a database made by `python manage.py load_real_data ../shared/data`):
    DATABASE_URL=sqlite:////tmp/advice.sqlite3 .venv/bin/python bench/advice.py [--only KEY]
Last stdout line: one JSON object with the aggregate figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
from django.apps import apps  # noqa: E402

if not apps.ready:  # run as a script; under pytest Django is already set up
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")
    django.setup()

import numpy as np  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import translation  # noqa: E402

from advisor import explain, running, selectors, services  # noqa: E402
from advisor.catalogue import catalogue_get  # noqa: E402
from advisor.engine.catalogue import Catalogue, to_eur  # noqa: E402
from advisor.engine.gap import compute_gap  # noqa: E402
from advisor.engine.planner import (  # noqa: E402
    LANGUAGE_FORMAT,
    NO_PRACTICE,
    NO_RESOURCE,
    OVER_BUDGET,
    OVER_HORIZON,
    PREREQUISITE,
    Constraints,
    plan_path,
)
from advisor.models import Assessment, Profile  # noqa: E402
from courses.models import Resource  # noqa: E402
from courses.tagging import STOP_WORDS, normalise, stem, words  # noqa: E402
from skills.models import Occupation, Skill  # noqa: E402
from skills.selectors import skill_ids_by_reference  # noqa: E402

PERSONAS = ROOT / "bench" / "personas.json"
LABELLED = ROOT / "courses" / "data" / "labelled" / "courses.csv"
ALIASES = ROOT / "courses" / "data" / "skill_aliases.csv"
# The tagger reads aliases of this confidence and more in running text (courses/data/README.md);
# weaker ones are subject names, too loose to say a title teaches the skill.
ALIAS_MIN_CONFIDENCE = 0.8
PREFIX_MIN = 5
GOAL = 0.8  # the bar: a path closes ≥ 80 % of the weighted gap
# "What the constraints allow" is judged on a plan with the budget and time taken away
# (languages and formats kept: a person does not learn in a language they do not read).
OPEN_HOURS = 80
OPEN_WEEKS = 260
REASONS = {NO_RESOURCE, NO_PRACTICE, LANGUAGE_FORMAT, OVER_BUDGET, OVER_HORIZON, PREREQUISITE}


# ---------------------------------------------------------------------------------------------
# Personas → users and profiles


def personas_load(path: Path = PERSONAS) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["personas"]


def persona_build(persona: dict, *, username: str | None = None) -> Profile:
    """The persona as a new user with a Profile, through the advisor's services (the same
    validation a person's form goes through)."""
    user = get_user_model().objects.create_user(
        username=username or f"bench-advice-{persona['key']}", password=None
    )
    profile = selectors.profile_get_or_create(user=user)
    occupation = Occupation.objects.get(uri=persona["occupation"]["uri"])
    skill_ids = skill_ids_by_reference(s["uri"] for s in persona["skills"])
    services.profile_update(
        profile=profile,
        current_occupation=occupation,
        weekly_hours=persona["weekly_hours"],
        budget=Decimal(str(persona["budget"])),
        horizon_weeks=persona["horizon_weeks"],
        languages=persona["languages"],
        formats=persona["formats"],
        wants_certificates=persona["wants_certificates"],
        skills=[(skill_ids[s["uri"]], s["level"]) for s in persona["skills"]],
    )
    return profile


# ---------------------------------------------------------------------------------------------
# "Really teaches": the labelled set, else a rule on the resource's own words


@dataclass
class Truth:
    """What we know of which resource teaches which skill, independent of the linker's output."""

    labelled: dict[str, set[str]] = field(default_factory=dict)  # normalised URL → ESCO URIs
    aliases: dict[str, set[str]] = field(default_factory=dict)  # skill URI → alias phrases

    @classmethod
    def load(cls, labelled: Path = LABELLED, aliases: Path = ALIASES) -> Truth:
        truth = cls()
        with open(labelled, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                truth.labelled[url_key(row["url"])] = set(row["uris"].split())
        with open(aliases, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if float(row["confidence"] or 0) >= ALIAS_MIN_CONFIDENCE:
                    truth.aliases.setdefault(row["uri"], set()).add(row["label"])
        return truth


def url_key(url: str) -> str:
    return url.strip().lower().removeprefix("https://").removeprefix("http://").rstrip("/")


def content_stems(text: str) -> set[str]:
    stop = STOP_WORDS["en"] | STOP_WORDS["fr"]
    return {stem(w) for w in words(text) if w not in stop}


def skill_phrases(skill: Skill, truth: Truth) -> list[str]:
    """The skill's names in both languages, ESCO alternative labels and curated aliases; its
    O*NET/ESCO twin's too."""
    found = []
    for s in (skill, skill.same_as) if skill.same_as_id else (skill,):
        found += [s.name, s.name_fr, *(s.alt_labels or []), *(s.alt_labels_fr or [])]
        found += sorted(truth.aliases.get(s.uri or "", ()))
    return [p for p in found if p and normalise(p)]


def claim_holds(resource: Resource, skill: Skill, truth: Truth) -> tuple[bool, str]:
    """Does the resource really teach `skill`? (verdict, basis: "labelled" or "rule").

    Labelled set first (the course was read by a person; the skill or its twin must be in its
    truth). Otherwise the rule: every content word (stemmed, stop words dropped) of one of the
    skill's phrases appears in the title or the provider's topics; for practice, whose title is
    often a name ("Titanic"), also in the description. Word order is free and stems compare
    loosely (`same_word`), so "Financial Risk Analysis" holds for "analyse financial risk"."""
    labelled = truth.labelled.get(url_key(resource.url))
    if labelled is not None:
        uris = {skill.uri} | ({skill.same_as.uri} if skill.same_as_id else set())
        return bool(uris & labelled), "labelled"
    text = " ".join([resource.title, *[str(t) for t in (resource.topics or [])]])
    if resource.kind in Resource.PRACTICE_KINDS:
        text += " " + resource.description
    have = content_stems(text)
    for phrase in skill_phrases(skill, truth):
        need = content_stems(phrase)
        if need and all(any(same_word(n, h) for h in have) for n in need):
            return True, "rule"
    return False, "rule"


def same_word(a: str, b: str) -> bool:
    """Equal stems, or one a prefix of the other from PREFIX_MIN letters: the tagger's light
    stemmer leaves "analyse" as "analy" and "analysis" as "analysi"."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= PREFIX_MIN and long_.startswith(short)


# ---------------------------------------------------------------------------------------------
# Figures


def weighted_gap(items: list[dict], levels: dict[int, int]) -> tuple[float, float]:
    """(Σ weight × max(0, required − level), Σ weight × required) over the role's skills."""
    gap = sum(i["weight"] * max(0, i["required"] - levels.get(i["skill_id"], 0)) for i in items)
    total = sum(i["weight"] * i["required"] for i in items)
    return gap, total


def gap_figures(results: dict) -> dict:
    """Readiness before → after and the share of the weighted gap the path closes."""
    items = results["gap"]["items"]
    before = {i["skill_id"]: i["current"] for i in items}
    after = dict(before)
    for sid, level in (results.get("levels_after") or {}).items():
        after[int(sid)] = max(after.get(int(sid), 0), int(level))
    gap_before, total = weighted_gap(items, before)
    gap_after, _ = weighted_gap(items, after)
    return {
        "readiness_before": 1.0 if total <= 0 else 1 - gap_before / total,
        "readiness_after": 1.0 if total <= 0 else 1 - gap_after / total,
        "gap_before": gap_before,
        "gap_after": gap_after,
        "closed": 1.0 if gap_before <= 0 else (gap_before - gap_after) / gap_before,
    }


def no_resource_reason(cat: Catalogue, skill_id: int, required: int) -> str:
    """no_practice when only courses teach the skill that far (practice is missing), else
    no_resource."""
    col = cat.column.get(skill_id)
    if col is None:
        return NO_RESOURCE
    start, end = cat.taught_raw.indptr[col], cat.taught_raw.indptr[col + 1]
    return NO_PRACTICE if (cat.taught_raw.data[start:end] >= required).any() else NO_RESOURCE


@dataclass
class Ladder:
    """The same planner under constraints lifted one by one, for the person's gap: each field is
    the set of skills that plan leaves open; `ceiling` has the figures of the plan that keeps
    only the person's languages and formats (what the catalogue allows this person)."""

    anywhere: set[int]  # any language and format, no budget, no time limit
    own_languages: set[int]  # the person's languages and formats, no budget, no time limit
    own_budget: set[int]  # … and the person's budget, no time limit
    own_hours: set[int]  # … and the person's hours × horizon, no budget limit
    ceiling: dict

    def expected(self, cat: Catalogue, skill_id: int, required: int) -> set[str]:
        """The reasons the ladder supports for a skill the real path leaves open."""
        if skill_id in self.anywhere:
            col = cat.column.get(skill_id)
            if col is not None:
                start, end = cat.taught.indptr[col], cat.taught.indptr[col + 1]
                if (cat.taught.data[start:end] >= required).any():
                    # Resources reach it, but what they need first is out of reach anywhere.
                    return {PREREQUISITE}
            return {no_resource_reason(cat, skill_id, required)}
        if skill_id in self.own_languages:
            return {LANGUAGE_FORMAT}
        binding = set()
        if skill_id in self.own_budget:
            binding.add(OVER_BUDGET)
        if skill_id in self.own_hours:
            binding.add(OVER_HORIZON)
        return binding or {OVER_BUDGET, OVER_HORIZON}  # neither alone, both together


def ladder(profile: Profile, target: Occupation, cat: Catalogue) -> Ladder:
    levels = selectors.profile_levels(profile=profile)
    gap = compute_gap(selectors.requirements_for(occupation=target), levels)
    languages = frozenset(profile.languages or []) or None
    formats = frozenset(profile.formats or []) or None

    def plan(**limits):
        base = {
            "budget_eur": math.inf,
            "weekly_hours": OPEN_HOURS,
            "horizon_weeks": OPEN_WEEKS,
            "languages": languages,
            "formats": formats,
            "preferred_language": (profile.languages or [None])[0],
        }
        return plan_path(cat, gap, levels, Constraints(**{**base, **limits}))

    def still_open(p) -> set[int]:
        return {o.skill_id for o in p.open_skills}

    own = plan()
    figures = gap_figures({"gap": gap.as_dict(), "levels_after": own.levels_after})
    return Ladder(
        anywhere=still_open(plan(languages=None, formats=None)),
        own_languages=still_open(own),
        own_budget=still_open(plan(budget_eur=float(profile.budget))),
        own_hours=still_open(
            plan(weekly_hours=float(profile.weekly_hours), horizon_weeks=profile.horizon_weeks)
        ),
        ceiling={"closed": figures["closed"], "hours": own.total_hours, "cost": own.total_cost_eur},
    )


def persona_advice(profile: Profile, truth: Truth, *, roles: int = 3) -> dict:
    """Role suggestions, then an assessment toward the top role run in-process, with the
    figures of its path."""
    suggestions = selectors.role_suggestions(profile=profile, limit=roles)
    out = {
        "roles": [
            {
                "code": s.occupation.code,
                "title": s.occupation.title,
                "readiness": s.readiness,
                "regulated": s.occupation.regulated,
                # A regulated role the person lacks the qualification for is never suggested;
                # one they hold (a nurse's nursing informatics role) is, and is no defect.
                "needs_qualification": s.needs_qualification,
            }
            for s in suggestions
        ]
    }
    if not suggestions:
        return out
    target = suggestions[0].occupation
    assessment = services.assessment_create(profile=profile, target=target)
    running.assessment_run(assessment_id=assessment.id)
    assessment.refresh_from_db()
    out["status"] = assessment.status
    out["error"] = assessment.error
    if assessment.status != Assessment.Status.DONE:
        return out
    results = assessment.results
    out.update(gap_figures(results))
    steps = selectors.steps_explained(selectors.path_steps_for(assessment=assessment))
    skills = Skill.objects.select_related("same_as").in_bulk(
        {c[0] for s in steps for c in s.skills_closed or []}
        | {o["skill_id"] for o in results.get("open_skills") or []}
    )
    rows = []
    for step in steps:
        r = step.resource
        claims = []
        for sid, frm, to in step.skills_closed or []:
            holds, basis = claim_holds(r, skills[sid], truth)
            claims.append(
                {"skill": skills[sid].name, "from": frm, "to": to, "holds": holds, "basis": basis}
            )
        follow = to_eur(float(r.price), r.currency)
        certificate = to_eur(float(r.certificate_price), r.currency)
        rows.append(
            {
                "title": r.title,
                "kind": r.kind,
                "practice": r.kind in Resource.PRACTICE_KINDS,
                "language": r.language,
                "level": r.level,
                "hours": float(step.planned_hours),
                "price": float(step.price),
                "follow_eur": follow,
                "certificate_eur": certificate,
                "why": step.why,
                "claims": claims,
                "teaches": bool(claims) and all(c["holds"] for c in claims),
            }
        )
    out["steps"] = rows
    out["cost_without_certificates"] = sum(s["follow_eur"] for s in rows)
    out["cost_with_certificates"] = sum(s["follow_eur"] + s["certificate_eur"] for s in rows)
    out["paid_steps"] = sum(1 for s in rows if s["follow_eur"] > 0)
    out["weeks_to_ready"] = assessment.path.weeks_to_ready

    cat = catalogue_get()
    if profile.wants_certificates:
        cat = cat.with_certificates()
    lifted = ladder(profile, target, cat)
    opened = []
    for o in results.get("open_skills") or []:
        expected = lifted.expected(cat, o["skill_id"], o["required"])
        opened.append(
            {
                "skill": skills[o["skill_id"]].name,
                "current": o["current"],
                "reached": o["reached"],
                "required": o["required"],
                "reason": o["reason"],
                "says": explain.open_reason(o["reason"]),
                "expected": sorted(expected),
                "specific": o["reason"] in REASONS and o["reason"] in expected,
            }
        )
    out["open"] = opened
    ceiling = lifted.ceiling
    out["ceiling"] = ceiling
    capacity = float(profile.weekly_hours) * profile.horizon_weeks
    # The constraints allow ≥ 80 % when the path does it, or when the plan without budget and
    # time limits does it and fits this person's budget and hours × horizon anyway.
    out["allowed"] = out["closed"] >= GOAL - 1e-9 or (
        ceiling["closed"] >= GOAL - 1e-9
        and ceiling["cost"] <= float(profile.budget) + 1e-6
        and ceiling["hours"] <= capacity + 1e-6
    )
    return out


def aggregate(results: list[dict]) -> dict:
    """The issue's Done-when figures over all personas."""
    ran = [r for r in results if "closed" in r]
    allowed = [r for r in ran if r["allowed"]]
    steps = [s for r in ran for s in r["steps"]]
    opened = [o for r in ran for o in r["open"]]
    practice_claims = [c for s in steps if s["practice"] for c in s["claims"] if c["to"] >= 3]
    claims = [c for s in steps for c in s["claims"]]

    def share(part, whole):
        return None if not whole else round(len(part) / len(whole), 3)

    return {
        "personas": len(results),
        "assessed": len(ran),
        "allowed": len(allowed),
        "gap80_share_of_allowed": share(
            [r for r in allowed if r["closed"] >= GOAL - 1e-9], allowed
        ),
        "gap80_share_of_all": share([r for r in ran if r["closed"] >= GOAL - 1e-9], ran),
        "median_gap_closed": round(float(np.median([r["closed"] for r in ran])), 3)
        if ran
        else None,
        "paths_with_practice": share(
            [r for r in ran if any(s["practice"] for s in r["steps"])], ran
        ),
        "steps": len(steps),
        "steps_really_teach": share([s for s in steps if s["teaches"]], steps),
        "course_steps_really_teach": share(
            [s for s in steps if s["teaches"] and not s["practice"]],
            [s for s in steps if not s["practice"]],
        ),
        "practice_steps_really_teach": share(
            [s for s in steps if s["teaches"] and s["practice"]],
            [s for s in steps if s["practice"]],
        ),
        "claims_hold": share([c for s in steps for c in s["claims"] if c["holds"]], claims),
        "practice_claims_hold": share(
            [c for s in steps if s["practice"] for c in s["claims"] if c["holds"]],
            [c for s in steps if s["practice"] for c in s["claims"]],
        ),
        "paid_steps": share([s for s in steps if s["follow_eur"] > 0], steps),
        "open_skills": len(opened),
        "open_without_specific_reason": sum(1 for o in opened if not o["specific"]),
        "ready_after_path": sum(1 for r in ran if r["readiness_after"] >= 1 - 1e-9),
        # Diagnostics of what a counsellor would question:
        "top_role_at_0_percent": sum(
            1 for r in results if r["roles"] and r["roles"][0]["readiness"] <= 0
        ),
        "top_role_regulated": sum(
            1 for r in results if r["roles"] and r["roles"][0]["needs_qualification"]
        ),
        "practice_claims_from_below_foundations": share(
            [c for c in practice_claims if c["from"] < 2], practice_claims
        ),
        "course_steps_under_3h": share(
            [s for s in steps if not s["practice"] and s["hours"] < 3],
            [s for s in steps if not s["practice"]],
        ),
    }


# ---------------------------------------------------------------------------------------------
# Printing


def pct(x: float | None) -> str:
    return "—" if x is None else f"{round(100 * x)} %"


def print_persona(persona: dict, r: dict) -> None:
    certificates = persona["wants_certificates"]
    print(f"\n=== {persona['key']}: {persona['who']}")
    print(
        f"    current job: {persona['occupation']['label']}; {len(persona['skills'])} skills; "
        f"{persona['weekly_hours']} h/week × {persona['horizon_weeks']} weeks; budget "
        f"{persona['budget']} EUR; languages {','.join(persona['languages'])}; formats "
        f"{','.join(persona['formats'])}; certificates {'yes' if certificates else 'no'}"
    )
    for n, role in enumerate(r["roles"], 1):
        flag = " [regulated: held]" if role["regulated"] else ""
        print(f"    role {n}: {role['title']} ({role['code']}) {pct(role['readiness'])}{flag}")
    if "closed" not in r:
        print(f"    no path: {r.get('status', 'no role')} {r.get('error', '')}")
        return
    print(
        f"    path toward {r['roles'][0]['title']}: readiness {pct(r['readiness_before'])} → "
        f"{pct(r['readiness_after'])}; weighted gap closed {pct(r['closed'])} (without budget/time "
        f"limits: {pct(r['ceiling']['closed'])}, {r['ceiling']['hours']:.0f} h, "
        f"{r['ceiling']['cost']:.0f} EUR); weeks to ready: {r['weeks_to_ready']}"
    )
    for n, s in enumerate(r["steps"], 1):
        claims = "; ".join(
            f"{c['skill']} {c['from']}→{c['to']} {'✓' if c['holds'] else '✗'}({c['basis']})"
            for c in s["claims"]
        )
        print(
            f"    {n:>2}. [{s['kind']}, {s['language']}, {s['level']}] {s['title'][:70]} — "
            f"{s['hours']:g} h, {s['price']:.0f} EUR"
        )
        print(f"        claims: {claims}")
        print(f"        why: {s['why'][:220]}")
    practice = sum(1 for s in r["steps"] if s["practice"])
    teaches = sum(1 for s in r["steps"] if s["teaches"])
    print(
        f"    figures: {len(r['steps'])} steps, {practice} practice, {teaches} really teach; "
        f"paid {r['paid_steps']}/{len(r['steps'])}; cost {r['cost_without_certificates']:.0f} EUR "
        f"without certificates, {r['cost_with_certificates']:.0f} EUR with"
    )
    for o in r["open"]:
        ok = (
            "" if o["specific"] else f"  ← NOT SPECIFIC (catalogue says {', '.join(o['expected'])})"
        )
        print(
            f"    open: {o['skill']} {o['current']}→{o['reached']} of {o['required']}: "
            f"{o['reason']} ({o['says']}){ok}"
        )


def print_summary(personas: list[dict], results: list[dict]) -> None:
    head = (
        f"{'persona':<19} {'top role':<34} {'ready':>9} {'closed':>6} {'ceil':>5} {'ok?':>3} "
        f"{'steps':>5} {'prac':>4} {'teach':>5} {'paid':>4} {'EUR':>11} {'open':>4} {'gen':>3}"
    )
    print("\n" + head)
    print("-" * len(head))
    for p, r in zip(personas, results, strict=True):
        if "closed" not in r:
            print(f"{p['key']:<19} {'(no path)':<34}")
            continue
        steps = r["steps"]
        print(
            f"{p['key']:<19} {r['roles'][0]['title'][:34]:<34} "
            f"{round(100 * r['readiness_before']):>3}→{round(100 * r['readiness_after']):>3} % "
            f"{pct(r['closed']):>6} {pct(r['ceiling']['closed']):>5} "
            f"{'y' if r['allowed'] else 'n':>3} {len(steps):>5} "
            f"{sum(s['practice'] for s in steps):>4} {sum(s['teaches'] for s in steps):>5} "
            f"{r['paid_steps']:>4} "
            f"{r['cost_without_certificates']:>5.0f}/{r['cost_with_certificates']:<5.0f} "
            f"{len(r['open']):>4} {sum(not o['specific'] for o in r['open']):>3}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="persona key (repeatable)")
    parser.add_argument("--personas", default=str(PERSONAS))
    args = parser.parse_args()
    if not Occupation.objects.filter(is_target=True).exists() or not Resource.objects.exists():
        sys.exit("No roles or resources: run `python manage.py load_real_data ../shared/data`.")
    personas = personas_load(Path(args.personas))
    if args.only:
        personas = [p for p in personas if p["key"] in args.only]
    truth = Truth.load()
    translation.activate("en")
    started = time.perf_counter()
    catalogue_get()
    load_s = time.perf_counter() - started
    results = []
    for persona in personas:
        with transaction.atomic():
            # Rolled back at the end: nothing stays in the database and the assessment's
            # on-commit enqueue never fires (it is run in-process instead).
            profile = persona_build(persona)
            result = persona_advice(profile, truth)
            transaction.set_rollback(True)
        results.append(result)
        print_persona(persona, result)
    print_summary(personas, results)
    figures = aggregate(results)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["catalogue_load_seconds"] = round(load_s, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
