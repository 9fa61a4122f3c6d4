"""The worker's copy of the catalogue as engine matrices, cached per catalogue version.

The version is read with two aggregate queries (published resources: count and latest
update; their skill links: count, highest id and level sums) so a change anywhere rebuilds the
matrices, and an unchanged catalogue costs two cheap queries per assessment.
"""

from __future__ import annotations

import hashlib

import pandas as pd
from django.db.models import Count, Max, Sum

from courses.levels import link_levels
from courses.models import Resource, ResourceSkill
from reconversion.caching import VersionedCache

from .engine.catalogue import Catalogue, build_catalogue

RESOURCE_COLUMNS = [
    "id",
    "hours",
    "price",
    "certificate_price",
    "certificate",
    "currency",
    "language",
    "format",
    "kind",
    "rating",
    "rating_count",
    "level",
]


def catalogue_version() -> str:
    published = Resource.objects.published()
    r = published.aggregate(n=Count("id"), updated=Max("updated_at"))
    links = ResourceSkill.objects.filter(resource__status=Resource.Status.PUBLISHED).aggregate(
        n=Count("id"), top=Max("id"), taught=Sum("level_taught"), required=Sum("level_required")
    )
    raw = (
        f"{r['n']}|{r['updated']}|{links['n']}|{links['top']}|{links['taught']}|{links['required']}"
    )
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def catalogue_load(version: str) -> Catalogue:
    resources = pd.DataFrame.from_records(
        Resource.objects.published().values_list(*RESOURCE_COLUMNS),
        columns=RESOURCE_COLUMNS,
    )
    links = pd.DataFrame.from_records(
        ResourceSkill.objects.filter(resource__status=Resource.Status.PUBLISHED).values_list(
            "resource_id", "skill_id", "level_taught", "level_required"
        ),
        columns=["resource_id", "skill_id", "level_taught", "level_required"],
    )
    # The level of the learner each resource starts from: courses.levels' one rule.
    practice = resources["kind"].isin([str(kind) for kind in Resource.PRACTICE_KINDS])
    resources["start_level"] = [
        link_levels(level, practice=is_practice)[0]
        for level, is_practice in zip(resources["level"], practice, strict=True)
    ]
    return build_catalogue(resources, links, version)


_catalogue = VersionedCache(catalogue_version, catalogue_load)


def catalogue_get() -> Catalogue:
    """The current catalogue's matrices; rebuilt only when the catalogue has changed."""
    return _catalogue.get()
