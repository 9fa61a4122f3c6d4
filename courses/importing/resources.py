"""Importing a catalogue file: validate every row, then create or update the resources."""

import hashlib
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from accounts.models import User

from ..models import (
    RESOURCE_DETAIL_FIELDS,
    Provider,
    Resource,
    ResourceSkill,
    ResourceStatusChange,
)
from ..search import resources_refresh_search
from ..services import resource_status_record
from .mappings import MAPPINGS
from .reader import UnreadableFile, read_rows
from .validation import ResourceRow, SkillLookup, validate_row

COMPARED_FIELDS = (*RESOURCE_DETAIL_FIELDS, "topics")


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), row by row where something was wrong."""

    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: list[dict] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)  # reason → rows, not offered
    duplicates: list[dict] = field(default_factory=list)
    unmatched_skills: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def invalid_rows(self) -> int:
        return len({problem["row"] for problem in self.invalid})

    def summary(self) -> str:
        """A few lines for a terminal or an admin message."""
        verb = "would be " if self.dry_run else ""
        lines = [
            f"{self.rows} rows read: {self.created} {verb}created, {self.updated} {verb}updated, "
            f"{self.unchanged} unchanged, {self.invalid_rows} invalid, "
            f"{len(self.duplicates)} duplicate(s) skipped"
            + (f", {sum(self.left_out.values())} left out." if self.left_out else ".")
        ]
        for reason, count in sorted(self.left_out.items(), key=lambda item: -item[1]):
            lines.append(f"  left out: {count} × {reason}")
        for problem in self.invalid[:20]:
            lines.append(f"  row {problem['row']}, {problem['field']}: {problem['message']}")
        if len(self.invalid) > 20:
            lines.append(f"  … and {len(self.invalid) - 20} more problems (see --report).")
        for duplicate in self.duplicates[:20]:
            lines.append(f"  row {duplicate['row']}: {duplicate['message']}")
        if self.unmatched_skills:
            names = Counter(item["skill"] for item in self.unmatched_skills)
            top = ", ".join(f"{name} ({count})" for name, count in names.most_common(10))
            lines.append(
                f"{len(self.unmatched_skills)} skill names in {len(names)} distinct strings "
                f"matched no taxonomy skill, e.g. {top}."
            )
        if self.warnings:
            lines.append(
                f"{len(self.warnings)} warning(s), e.g. row {self.warnings[0]['row']}: "
                f"{self.warnings[0]['message']}"
            )
        return "\n".join(lines)


def _provider_slug(name: str) -> str:
    slug = slugify(name)[:40]
    if not slug:
        # Names in non-Latin scripts slugify to nothing; a stable hash keeps them distinct.
        slug = "provider-" + hashlib.sha1(name.encode()).hexdigest()[:10]
    return slug


@transaction.atomic
def resources_import(
    *,
    content: bytes,
    name: str = "",
    fmt: str | None = None,
    mapping: str | None = None,
    provider: str | None = None,
    publish: bool = False,
    dry_run: bool = False,
    user: User | None = None,
    progress: bool = False,
) -> ImportReport:
    """Validate every row of a catalogue file and upsert the valid ones.

    Raises UnreadableFile (nothing written) when the file as a whole cannot be read. Invalid
    rows and in-file duplicates are reported and skipped; they never block the valid rows.
    Resources are created as drafts unless `publish`; a resource without taught skills stays a
    draft (with a warning). Skill links listed in the file are added or updated, never removed,
    so tags a curator accepted survive a re-import.
    """
    if mapping and mapping not in MAPPINGS:
        raise UnreadableFile(f"Unknown mapping {mapping!r}: use one of {', '.join(MAPPINGS)}.")
    chosen = MAPPINGS.get(mapping) if mapping else None
    required = chosen.columns if chosen else ("title", "url")
    raw_rows = read_rows(content, name=name, fmt=fmt, required_columns=required)

    report = ImportReport(dry_run=dry_run, rows=len(raw_rows))
    lookup = SkillLookup(alt_labels=bool(chosen))
    seen: dict[tuple[str, str], int] = {}
    valid = []
    for raw in raw_rows:
        reason = chosen.left_out(raw.values) if chosen and chosen.left_out else ""
        if reason:
            report.left_out[reason] = report.left_out.get(reason, 0) + 1
            continue
        values = chosen.convert(raw.values) if chosen else raw.values
        if chosen and provider:
            values["provider"] = provider
        row, problems, unmatched = validate_row(
            values,
            raw.number,
            lookup=lookup,
            default_provider=provider or "",
            match_skills=bool(chosen),
        )
        report.invalid.extend(problem.as_dict() for problem in problems)
        report.unmatched_skills.extend({"row": raw.number, "skill": s} for s in unmatched)
        if row is None:
            continue
        if row.key in seen:
            what = "id " + row.external_id if row.external_id else "URL " + row.values["url"]
            report.duplicates.append(
                {
                    "row": row.number,
                    "first_row": seen[row.key],
                    "key": f"{row.provider} {what}",
                    "message": f"same {what} as row {seen[row.key]}: skipped",
                }
            )
            continue
        seen[row.key] = row.number
        valid.append(row)

    source = mapping or (fmt or "file")
    touched = _upsert(
        valid,
        report=report,
        publish=publish,
        dry_run=dry_run,
        user=user,
        progress=progress,
        source=source,
    )
    if not dry_run and touched:
        resources_refresh_search(resource_ids=touched)
    return report


def _upsert(
    rows: list[ResourceRow],
    *,
    report: ImportReport,
    publish: bool,
    dry_run: bool,
    user,
    progress: bool,
    source: str,
) -> list[int]:
    providers = {}
    for row in rows:
        slug = _provider_slug(row.provider)
        if slug not in providers:
            providers[slug] = Provider.objects.filter(slug=slug).first()
            if providers[slug] is None and not dry_run:
                providers[slug] = Provider.objects.create(slug=slug, name=row.provider)
    existing: dict[tuple[str, str], Resource] = {}
    provider_ids = [p.id for p in providers.values() if p is not None]
    links: dict[int, dict[int, tuple[int, int]]] = {}
    for known in Resource.objects.filter(provider_id__in=provider_ids).select_related("provider"):
        what = f"id:{known.external_id}" if known.external_id else f"url:{known.url}"
        existing[(known.provider.name.casefold(), what)] = known
        existing[(known.provider.slug, what)] = known
    for link in ResourceSkill.objects.filter(resource__provider_id__in=provider_ids).values_list(
        "resource_id", "skill_id", "level_taught", "level_required"
    ):
        links.setdefault(link[0], {})[link[1]] = (link[2], link[3])

    now = timezone.now()
    touched: list[int] = []
    for row in tqdm(rows, desc="Importing", unit="row", disable=not progress, file=sys.stderr):
        slug = _provider_slug(row.provider)
        resource = existing.get((slug, row.key[1])) or existing.get(row.key)
        if resource is None:
            created = _create(
                row,
                provider=providers[slug],
                report=report,
                publish=publish,
                dry_run=dry_run,
                user=user,
                now=now,
                source=source,
            )
            touched += [created] if created else []
            continue

        wanted_links = row.links()
        current_links = links.get(resource.id, {})
        changed_fields = [
            name for name in COMPARED_FIELDS if getattr(resource, name) != row.values[name]
        ]
        changed_links = {
            sid: levels for sid, levels in wanted_links.items() if current_links.get(sid) != levels
        }
        has_taught = bool(row.taught) or any(t for t, _r in current_links.values())
        promote = publish and resource.status == Resource.Status.DRAFT
        if promote and not has_taught:
            report.warnings.append(_no_skills_warning(row.number))
            promote = False
        if not changed_fields and not changed_links and not promote:
            report.unchanged += 1
            continue
        report.updated += 1
        if dry_run:
            continue
        for name in changed_fields:
            setattr(resource, name, row.values[name])
        if promote:
            resource_status_record(
                resource=resource,
                status=Resource.Status.PUBLISHED,
                user=user,
                now=now,
                note="import",
            )
        resource.save()
        for sid, (taught, required) in changed_links.items():
            ResourceSkill.objects.update_or_create(
                resource=resource,
                skill_id=sid,
                defaults={"level_taught": taught, "level_required": required},
            )
        touched.append(resource.id)
    return touched


def _create(
    row: ResourceRow,
    *,
    provider: Provider | None,
    report: ImportReport,
    publish: bool,
    dry_run: bool,
    user: User | None,
    now: datetime,
    source: str,
) -> int | None:
    """Create one new resource with its history and skill links; its id (None in a dry run)."""
    status = Resource.Status.DRAFT
    if publish:
        if row.taught:
            status = Resource.Status.PUBLISHED
        else:
            report.warnings.append(_no_skills_warning(row.number))
    report.created += 1
    if dry_run:
        return None
    assert provider is not None  # created with the run's providers unless a dry run
    resource = Resource.objects.create(
        provider=provider,
        external_id=row.external_id,
        source=source,
        status=status,
        status_changed_at=now,
        status_changed_by=user,
        **row.values,
    )
    ResourceStatusChange.objects.create(
        resource=resource, to_status=status, changed_by=user, changed_at=now, note="import"
    )
    ResourceSkill.objects.bulk_create(
        ResourceSkill(resource=resource, skill_id=sid, level_taught=t, level_required=r)
        for sid, (t, r) in row.links().items()
    )
    return resource.id


def _no_skills_warning(number: int) -> dict:
    return {
        "row": number,
        "field": "skills",
        "message": "no taught skills, so it cannot be published: kept as draft",
    }
