"""Precomputes and stores occupation transitions per taxonomy version (Django side)."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Max

from skills.models import Occupation, OccupationSkill

from .engine.transitions import compute_transitions
from .models import Transition

logger = logging.getLogger(__name__)


def taxonomy_version(source: str) -> str:
    """Changes whenever the taxonomy's occupations or their required skills change."""
    occ = Occupation.objects.filter(source=source).aggregate(n=Count("id"), at=Max("updated_at"))
    req = OccupationSkill.objects.filter(occupation__source=source).aggregate(
        n=Count("id"), top=Max("id")
    )
    raw = f"{occ['n']}|{occ['at']}|{req['n']}|{req['top']}"
    return f"{source}-{hashlib.sha1(raw.encode()).hexdigest()[:12]}"


def transitions_compute(*, source: str | None = None, top_n: int = 10) -> dict:
    """Computes transitions for one taxonomy (or each one present); returns counts per source."""
    sources = (
        [source]
        if source
        else list(Occupation.objects.values_list("source", flat=True).distinct().order_by())
    )
    report = {}
    for src in sources:
        version = taxonomy_version(src)
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
        texts = [
            " ".join([title, " ".join(alt or []), description or ""])
            for _id, title, alt, description in occupations
        ]
        rows = compute_transitions([reqs[o[0]] for o in occupations], texts, top_n=top_n)
        ids = [o[0] for o in occupations]
        with transaction.atomic():
            Transition.objects.filter(source__source=src).delete()
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
        }
        logger.info("transitions for %s: %s", src, report[src])
    return report
