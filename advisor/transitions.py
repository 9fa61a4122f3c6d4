"""Precomputes and stores occupation transitions per taxonomy version (Django side)."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from pathlib import Path

from django.db import transaction

from skills.models import Occupation, OccupationSkill, Skill, Source

from .engine import transitions as engine
from .models import Transition

logger = logging.getLogger(__name__)


def content_version(source: str, jobs: list, requirements: dict, kinds, top_n: int) -> str:
    """Changes exactly when what the transitions are computed from changes.

    A hash of the occupations' ids, texts and published figures, the AI-era roles that extend
    them, their required skills with levels and weights, the skills' kinds and twins, and
    `top_n`: re-importing identical files keeps the version, so nothing is recomputed.
    """
    digest = hashlib.sha1(f"{source}|{top_n}|{ENGINE_RULES}".encode())
    for job in jobs:
        digest.update(repr(job[:-1]).encode())  # all but the text, hashed next
        digest.update(job[-1].encode())
        digest.update(repr(sorted(requirements.get(job[0], ()))).encode())
    digest.update(repr((sorted(kinds.tools), sorted(kinds.generic))).encode())  # from the above
    digest.update(repr(sorted(kinds.same_as.items())).encode())
    return f"{source}-{digest.hexdigest()[:12]}"


# Part of the version: a change to the method (its code or constants) recomputes stored moves.
ENGINE_RULES = hashlib.sha1(Path(engine.__file__).read_bytes()).hexdigest()[:12]


def _jobs(src: str) -> list[tuple]:
    """(id, extends id, β, pay, pay is a lower bound, text) of the taxonomy's occupations, then
    of the AI-era roles that extend one of them (a role's text adds that of the job it extends)."""
    figures = ("ai_exposure_beta", "us_median_pay", "us_median_pay_at_least")
    texts = ("title", "alt_labels", "description")
    occupations = Occupation.objects.filter(source=src, is_target=False).order_by("id")
    roles = Occupation.objects.filter(is_target=True, extends__source=src).order_by("id")
    rows = []
    text_of = {}
    for values in occupations.values_list("id", "extends_id", *figures, *texts):
        title, alt, description = values[5:]
        text_of[values[0]] = " ".join([title, " ".join(alt or []), description or ""])
        rows.append((*values[:5], text_of[values[0]]))
    # A role shows the published figures of the job it extends (Occupation.published_figures_from).
    extended = [f"extends__{name}" for name in figures]
    for values in roles.values_list("id", "extends_id", *extended, *texts):
        title, alt, description = values[5:]
        own = " ".join([title, " ".join(alt or []), description or ""])
        rows.append((*values[:5], f"{own} {text_of.get(values[1], '')}"))
    return rows


def _skill_kinds(src: str, jobs: list[tuple], reqs: dict) -> engine.SkillKinds:
    """Tools, generic skills and twins, for the skills the jobs require. Generic: transversal
    (ESCO reuse level "transversal", or filed under ESCO's transversal skill groups, codes T…),
    and for ESCO the competences common across sectors (engine.common_skills, by ISCO major
    group). O*NET rates every job on the same elements: none of them is generic there."""
    skill_ids = {s for rows in reqs.values() for s, _l, _w in rows}
    skills = Skill.objects.filter(id__in=skill_ids)
    tools = set(skills.filter(kind=Skill.Kind.TOOL).values_list("id", flat=True))
    generic = set(skills.filter(kind=Skill.Kind.TRANSVERSAL).values_list("id", flat=True))
    generic |= set(
        skills.filter(groups__code__startswith="T").values_list("id", flat=True).distinct()
    )
    if src == Source.ESCO:
        ordinary = [job for job in jobs if job[1] is None]
        isco = dict(
            Occupation.objects.filter(id__in=[job[0] for job in ordinary]).values_list(
                "id", "isco_group"
            )
        )
        competences = set(skills.filter(kind=Skill.Kind.SKILL).values_list("id", flat=True))
        generic |= engine.common_skills(
            [reqs.get(job[0], ()) for job in ordinary],
            [(isco.get(job[0]) or "")[:1] for job in ordinary],
            competences,
        )
    same_as = dict(skills.filter(same_as__isnull=False).values_list("id", "same_as_id"))
    return engine.SkillKinds(tools=frozenset(tools), generic=frozenset(generic), same_as=same_as)


def transitions_compute(
    *, source: str | None = None, top_n: int = 10, only_if_changed: bool = False
) -> dict:
    """Computes transitions for one taxonomy (or each one present); returns counts per source.

    AI-era roles (curated) are not a taxonomy of their own here: they are targets of the
    taxonomy of the occupation they extend. With `only_if_changed`, a taxonomy whose stored
    transitions already have the current content version is left as it is (reported with
    `unchanged: True`).
    """
    sources = (
        [source]
        if source
        else list(
            Occupation.objects.filter(is_target=False)
            .values_list("source", flat=True)
            .distinct()
            .order_by()
        )
    )
    report = {}
    # Before roles became targets of a taxonomy, they had transitions of their own.
    Transition.objects.filter(source__is_target=True).delete()
    for src in sources:
        jobs = _jobs(src)
        reqs = defaultdict(list)
        for occ_id, skill_id, level, weight in OccupationSkill.objects.filter(
            occupation_id__in=[job[0] for job in jobs]
        ).values_list("occupation_id", "skill_id", "level", "weight"):
            reqs[occ_id].append((skill_id, level, weight))
        kinds = _skill_kinds(src, jobs, reqs)
        version = content_version(src, jobs, reqs, kinds, top_n)
        stored = Transition.objects.filter(source__source=src)
        if only_if_changed and set(stored.values_list("version", flat=True).distinct()) == {
            version
        }:
            report[src] = {
                "occupations": len(jobs),
                "transitions": stored.count(),
                "version": version,
                "unchanged": True,
            }
            continue
        index = {job[0]: i for i, job in enumerate(jobs)}
        rows = engine.compute_transitions(
            [
                engine.Job(
                    requirements=reqs[occ_id],
                    text=text,
                    exposure=beta,
                    pay=pay,
                    pay_at_least=at_least,
                    extends=index.get(extends) if extends else None,
                )
                for occ_id, extends, beta, pay, at_least, text in jobs
            ],
            kinds,
            top_n=top_n,
            centre=src == Source.ONET,
        )
        ids = [job[0] for job in jobs]
        with transaction.atomic():
            replaced, _per_model = Transition.objects.filter(source__source=src).delete()
            Transition.objects.bulk_create(
                [
                    Transition(
                        source_id=ids[r.source],
                        target_id=ids[r.target],
                        version=version,
                        rank=r.rank,
                        score=r.score,
                        skill_score=r.skill_score,
                        text_score=r.text_score,
                        shared=r.shared,
                        missing=[list(m) for m in r.missing],
                        exposure_change=r.exposure_change,
                        pay_change=r.pay_change,
                        safer=r.safer,
                    )
                    for r in rows
                ],
                batch_size=2000,
            )
        report[src] = {
            "occupations": len(jobs),
            "transitions": len(rows),
            "version": version,
            "unchanged": False,
            "replaced": replaced,
        }
        logger.info("transitions for %s: %s", src, report[src])
    return report
