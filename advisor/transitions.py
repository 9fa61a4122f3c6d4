"""Precomputes and stores occupation transitions per taxonomy version (Django side)."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict

from django.db import transaction

from skills.models import Occupation, OccupationSkill

from .engine.transitions import compute_transitions
from .models import Transition

logger = logging.getLogger(__name__)


def content_version(source: str, occupations: list, requirements: dict, top_n: int) -> str:
    """Changes exactly when what the transitions are computed from changes.

    A hash of the occupations' ids and texts, their required skills with levels and weights,
    and `top_n`: re-importing identical files keeps the version, so nothing is recomputed.
    """
    digest = hashlib.sha1(f"{source}|{top_n}".encode())
    for occ_id, title, alt, description in occupations:
        digest.update(repr((occ_id, title, alt or [], description or "")).encode())
        digest.update(repr(sorted(requirements.get(occ_id, ()))).encode())
    return f"{source}-{digest.hexdigest()[:12]}"


def transitions_compute(
    *, source: str | None = None, top_n: int = 10, only_if_changed: bool = False
) -> dict:
    """Computes transitions for one taxonomy (or each one present); returns counts per source.

    With `only_if_changed`, a taxonomy whose stored transitions already have the current
    content version is left as it is (reported with `unchanged: True`).
    """
    sources = (
        [source]
        if source
        else list(Occupation.objects.values_list("source", flat=True).distinct().order_by())
    )
    report = {}
    for src in sources:
        occupations = list(
            Occupation.objects.filter(source=src)
            .order_by("id")
            .values_list("id", "title", "alt_labels", "description")
        )
        reqs = defaultdict(list)
        for occ_id, skill_id, level, weight in OccupationSkill.objects.filter(
            occupation__source=src
        ).values_list("occupation_id", "skill_id", "level", "weight"):
            reqs[occ_id].append((skill_id, level, weight))
        version = content_version(src, occupations, reqs, top_n)
        stored = Transition.objects.filter(source__source=src)
        if only_if_changed and set(stored.values_list("version", flat=True).distinct()) == {
            version
        }:
            report[src] = {
                "occupations": len(occupations),
                "transitions": stored.count(),
                "version": version,
                "unchanged": True,
            }
            continue
        texts = [
            " ".join([title, " ".join(alt or []), description or ""])
            for _id, title, alt, description in occupations
        ]
        rows = compute_transitions([reqs[o[0]] for o in occupations], texts, top_n=top_n)
        ids = [o[0] for o in occupations]
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
                    )
                    for r in rows
                ],
                batch_size=2000,
            )
        report[src] = {
            "occupations": len(occupations),
            "transitions": len(rows),
            "version": version,
            "unchanged": False,
            "replaced": replaced,
        }
        logger.info("transitions for %s: %s", src, report[src])
    return report
