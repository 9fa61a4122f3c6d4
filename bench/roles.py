"""The AI-era roles as loaded in a database, measured (docs/roles.md).

Run on a database built with `load_real_data ../shared/data` (DATABASE_URL picks it):

    DATABASE_URL=sqlite:////tmp/reconv_roles.sqlite3 python bench/roles.py

Per role: skills, how many are essential skills of the ESCO occupation it extends, how many
are our AI-era skills, and the share of its skills the published catalogue teaches to the level
the role requires (`courses.selectors.catalogue_gaps`: twins count, regulated skills never),
by courses alone and with practice. Last stdout line: JSON of the summary.
"""

import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")


def _best_by_kind(practice_kinds) -> tuple[dict[int, int], dict[int, int]]:
    """Concept id → the best level a published course teaches it, and any published resource."""
    from courses.models import Resource, ResourceSkill
    from courses.selectors import skill_concepts

    concept = skill_concepts()
    courses: dict[int, int] = {}
    anything: dict[int, int] = {}
    links = ResourceSkill.objects.filter(
        level_taught__gt=0, resource__status=Resource.Status.PUBLISHED
    ).values_list("skill_id", "level_taught", "resource__kind")
    for skill_id, level, kind in links:
        key = concept.get(skill_id, skill_id)
        anything[key] = max(level, anything.get(key, 0))
        if kind not in practice_kinds:
            courses[key] = max(level, courses.get(key, 0))
    return courses, anything


def main() -> dict:
    import django

    django.setup()
    from advisor.engine.catalogue import PRACTICE_KINDS
    from courses.selectors import skill_concepts
    from skills.models import Occupation, OccupationSkill
    from skills.services import AI_SKILL_URN

    concept = skill_concepts()
    courses, anything = _best_by_kind(PRACTICE_KINDS)
    essential_of = {}
    for occ_id, skill_id in OccupationSkill.objects.filter(
        occupation__ai_era_roles__isnull=False, essential=True
    ).values_list("occupation_id", "skill_id"):
        essential_of.setdefault(occ_id, set()).add(skill_id)

    rows = []
    roles = Occupation.objects.filter(is_target=True).exclude(code__startswith="DEMO-")
    for role in roles.order_by("code"):
        required = list(
            role.required_skills.select_related("skill").values_list(
                "skill_id", "level", "weight", "skill__uri", "skill__regulated"
            )
        )
        n = len(required)

        def share(best, required=required, n=n, at_level=True):
            ok = [
                (w, reg)
                for s, lv, w, _u, reg in required
                if best.get(concept.get(s, s), 0) >= (lv if at_level else 1) and not reg
            ]
            total_w = sum(w for _s, _lv, w, _u, _r in required)
            return len(ok) / n, sum(w for w, _r in ok) / total_w

        by_courses, by_courses_w = share(courses)
        by_all, by_all_w = share(anything)
        courses_any, _w = share(courses, at_level=False)
        rows.append(
            {
                "code": role.code,
                "title": role.title,
                "regulated": role.regulated,
                "skills": n,
                "essential_of_esco": sum(
                    s in essential_of.get(role.extends_id, ()) for s, *_ in required
                ),
                "ours": sum(u.startswith(AI_SKILL_URN) for _s, _l, _w, u, _r in required),
                "weight_1": sum(w == 1.0 for _s, _l, w, _u, _r in required),
                "courses_any_level": round(courses_any, 2),
                "courses_share": round(by_courses, 2),
                "courses_weighted": round(by_courses_w, 2),
                "with_practice_share": round(by_all, 2),
                "with_practice_weighted": round(by_all_w, 2),
            }
        )
    header = (
        "code        skills ess.ESCO ours w=1  any-level  courses (weighted)"
        "  +practice (weighted)  title"
    )
    print(header)
    for r in rows:
        print(
            f"{r['code']:<11} {r['skills']:>6} {r['essential_of_esco']:>8} {r['ours']:>4} "
            f"{r['weight_1']:>3}  {r['courses_any_level']:>9.0%}  "
            f"{r['courses_share']:>7.0%} ({r['courses_weighted']:>4.0%})"
            f"    {r['with_practice_share']:>7.0%} ({r['with_practice_weighted']:>4.0%})"
            f"     {r['title']}{' [regulated]' if r['regulated'] else ''}"
        )
    sizes = [r["skills"] for r in rows]
    summary = {
        "roles": len(rows),
        "skills_min": min(sizes),
        "skills_median": statistics.median(sizes),
        "skills_max": max(sizes),
        "essential_share_min": round(min(r["essential_of_esco"] / r["skills"] for r in rows), 2),
        "courses_any_level_median": statistics.median(r["courses_any_level"] for r in rows),
        "courses_share_median": statistics.median(r["courses_share"] for r in rows),
        "courses_share_min": min(r["courses_share"] for r in rows),
        "with_practice_share_median": statistics.median(r["with_practice_share"] for r in rows),
        "with_practice_share_min": min(r["with_practice_share"] for r in rows),
    }
    ours = {}
    for skill_id, uri in (
        OccupationSkill.objects.filter(skill__uri__startswith=AI_SKILL_URN)
        .values_list("skill_id", "skill__uri")
        .distinct()
    ):
        ours[uri.removeprefix(AI_SKILL_URN)] = courses.get(concept.get(skill_id, skill_id), 0)
    print("our AI-era skills, best level a published course teaches:", json.dumps(ours))
    summary["ours_taught_by_a_course"] = sum(level > 0 for level in ours.values())
    summary["ours"] = len(ours)
    summary["personas"] = personas()
    print(json.dumps(summary))
    return summary


# A person who did the job: its ESCO essential skills at level 3, as the current-occupation
# step proposes them (issue 11 item 4), and no other skill.
PERSONAS = {
    "nurse": "nurse responsible for general care",
    "data entry clerk": "data entry clerk",
    "graphic designer": "graphic designer",
    "credit analyst": "credit analyst",
    "diagnostic radiographer": "diagnostic radiographer",
}


def personas() -> dict:
    """Top three reachable roles, and the regulated ones kept apart, for each persona."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from advisor.models import Profile, ProfileSkill
    from advisor.selectors import role_suggestions_by_reach
    from skills.models import Occupation, OccupationSkill, Source

    out = {}
    for name, title in PERSONAS.items():
        with transaction.atomic():
            job = Occupation.objects.get(source=Source.ESCO, title=title)
            user = get_user_model().objects.create(username=f"bench-roles-{job.pk}")
            profile = Profile.objects.create(user=user, current_occupation=job)
            ProfileSkill.objects.bulk_create(
                ProfileSkill(profile=profile, skill_id=skill_id, level=3)
                for skill_id in OccupationSkill.objects.filter(
                    occupation=job, essential=True
                ).values_list("skill_id", flat=True)
            )
            reachable, apart = role_suggestions_by_reach(profile=profile)
            out[name] = {
                "top": [f"{s.occupation.code} {s.readiness_percent}%" for s in reachable[:3]],
                "regulated_apart": [s.occupation.code for s in apart],
            }
            print(
                f"{name:<24} top: {', '.join(out[name]['top'])}; "
                f"apart: {out[name]['regulated_apart']}"
            )
            transaction.set_rollback(True)
    return out


if __name__ == "__main__":
    main()
