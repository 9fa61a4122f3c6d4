"""Bulk upsert by external key, compared in memory: one SELECT, then batched INSERT/UPDATE."""

from collections.abc import Iterable

from django.db import models
from django.utils import timezone
from tqdm import tqdm

from .report import Tally

BATCH = 2000
HAND_EDITED = "hand-edited in the admin (curated): left as it is"


def analyze(*tables: str) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load (no-op elsewhere)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")


def batches(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def progress(total: int, desc: str, *, enabled: bool):
    return tqdm(total=total, desc=desc, unit="row", disable=not enabled, leave=False)


def upsert(
    model: type[models.Model],
    *,
    key: str,
    rows: dict[str, dict],
    existing: models.QuerySet,
    tally: Tally,
    show_progress: bool,
    respect_curated: bool = True,
) -> dict[str, int]:
    """Create rows whose key is new, update those whose imported fields changed.

    `rows` maps key → field values (only the fields the importer owns). Rows flagged `curated`
    are never overwritten. Returns key → primary key for every row now in the database.
    """
    fields = sorted({f for values in rows.values() for f in values})
    has_updated_at = any(f.name == "updated_at" for f in model._meta.fields)
    current = {
        getattr(obj, key): obj
        for obj in existing.only("id", key, *fields, *(["curated"] if respect_curated else []))
    }
    to_create, to_update = [], []
    now = timezone.now()
    for row_key, values in rows.items():
        obj = current.get(row_key)
        if obj is None:
            to_create.append(model(**{key: row_key, **values}))
            continue
        if respect_curated and obj.curated:
            tally.skipped[HAND_EDITED] += 1
            continue
        if all(getattr(obj, f) == v for f, v in values.items()):
            tally.unchanged += 1
            continue
        for f, v in values.items():
            setattr(obj, f, v)
        if has_updated_at:
            obj.updated_at = now
        to_update.append(obj)

    with progress(
        len(to_create) + len(to_update), str(model._meta.verbose_name_plural), enabled=show_progress
    ) as bar:
        for chunk in batches(to_create):
            model._default_manager.bulk_create(chunk, batch_size=BATCH)
            bar.update(len(chunk))
        update_fields = [*fields, *(["updated_at"] if has_updated_at else [])]
        for chunk in batches(to_update):
            model._default_manager.bulk_update(chunk, update_fields, batch_size=BATCH)
            bar.update(len(chunk))
    tally.created += len(to_create)
    tally.updated += len(to_update)
    return dict(model._default_manager.filter(**{f"{key}__in": list(rows)}).values_list(key, "id"))


def sync_relations(
    *,
    wanted: dict[tuple[int, int], dict],
    existing: models.QuerySet,
    tally: Tally,
    show_progress: bool,
) -> None:
    """Make the OccupationSkill rows in `existing` equal `wanted` ((occupation, skill) → values).

    Rows in `existing` that the files no longer list are removed, so a newer release replaces
    relations instead of piling up duplicates. Callers leave curated occupations out of both.
    """
    from skills.models import OccupationSkill

    fields = ["level", "weight", "essential", "in_demand"]
    current = {
        (occ, skill): (pk, level, weight, essential, in_demand)
        for pk, occ, skill, level, weight, essential, in_demand in existing.values_list(
            "id", "occupation_id", "skill_id", *fields
        )
    }
    to_create, to_update = [], []
    for pair, values in wanted.items():
        row = current.pop(pair, None)
        if row is None:
            to_create.append(OccupationSkill(occupation_id=pair[0], skill_id=pair[1], **values))
        elif row[1:] == tuple(values[f] for f in fields):
            tally.unchanged += 1
        else:
            to_update.append(
                OccupationSkill(id=row[0], occupation_id=pair[0], skill_id=pair[1], **values)
            )
    stale = [row[0] for row in current.values()]
    with progress(
        len(to_create) + len(to_update) + len(stale), "required skills", enabled=show_progress
    ) as bar:
        for chunk in batches(to_create, 5000):
            OccupationSkill.objects.bulk_create(chunk, batch_size=5000)
            bar.update(len(chunk))
        for chunk in batches(to_update):
            OccupationSkill.objects.bulk_update(chunk, fields, batch_size=BATCH)
            bar.update(len(chunk))
        for chunk in batches(stale, 5000):
            OccupationSkill.objects.filter(id__in=chunk).delete()
            bar.update(len(chunk))
    tally.created += len(to_create)
    tally.updated += len(to_update)
    tally.deleted += len(stale)
