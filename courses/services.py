"""Writes to the catalogue: imports, curation, skill tags, search upkeep."""

import hashlib
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, CharField, Value, When
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tqdm import tqdm

from skills.levels import MAX_LEVEL

from .importing import MAPPINGS, SkillLookup, UnreadableFile, read_rows, validate_row
from .models import Provider, Resource, ResourceSkill, ResourceStatusChange, SkillSuggestion

SEARCH_CONFIG = "english"
COMPARED_FIELDS = (
    "kind",
    "title",
    "description",
    "url",
    "language",
    "format",
    "hours",
    "price",
    "certificate_price",
    "currency",
    "level",
    "rating",
    "rating_count",
    "certificate",
    "starts_on",
    "ends_on",
    "topics",
)


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
    user=None,
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
    rows, *, report: ImportReport, publish: bool, dry_run: bool, user, progress: bool, source: str
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
    for resource in Resource.objects.filter(provider_id__in=provider_ids).select_related(
        "provider"
    ):
        what = f"id:{resource.external_id}" if resource.external_id else f"url:{resource.url}"
        existing[(resource.provider.name.casefold(), what)] = resource
        existing[(resource.provider.slug, what)] = resource
    for link in ResourceSkill.objects.filter(resource__provider_id__in=provider_ids).values_list(
        "resource_id", "skill_id", "level_taught", "level_required"
    ):
        links.setdefault(link[0], {})[link[1]] = (link[2], link[3])

    now = timezone.now()
    touched: list[int] = []
    for row in tqdm(rows, desc="Importing", unit="row", disable=not progress, file=sys.stderr):
        slug = _provider_slug(row.provider)
        resource = existing.get((slug, row.key[1])) or existing.get(row.key)
        wanted_links = row.links()
        if resource is None:
            status = Resource.Status.DRAFT
            if publish:
                if row.taught:
                    status = Resource.Status.PUBLISHED
                else:
                    report.warnings.append(_no_skills_warning(row.number))
            report.created += 1
            if dry_run:
                continue
            resource = Resource.objects.create(
                provider=providers[slug],
                external_id=row.external_id,
                source=source,
                status=status,
                status_changed_at=now,
                status_changed_by=user,
                **row.values,
            )
            ResourceStatusChange.objects.create(
                resource=resource,
                to_status=status,
                changed_by=user,
                changed_at=now,
                note="import",
            )
            ResourceSkill.objects.bulk_create(
                ResourceSkill(resource=resource, skill_id=sid, level_taught=t, level_required=r)
                for sid, (t, r) in wanted_links.items()
            )
            touched.append(resource.id)
            continue

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
            _set_status(resource, Resource.Status.PUBLISHED, user=user, now=now, note="import")
        resource.save()
        for sid, (taught, required) in changed_links.items():
            ResourceSkill.objects.update_or_create(
                resource=resource,
                skill_id=sid,
                defaults={"level_taught": taught, "level_required": required},
            )
        touched.append(resource.id)
    return touched


def _no_skills_warning(number: int) -> dict:
    return {
        "row": number,
        "field": "skills",
        "message": "no taught skills, so it cannot be published: kept as draft",
    }


def _set_status(resource: Resource, status: str, *, user, now, note: str = "") -> None:
    ResourceStatusChange.objects.create(
        resource=resource,
        from_status=resource.status,
        to_status=status,
        changed_by=user,
        changed_at=now,
        note=note,
    )
    resource.status = status
    resource.status_changed_at = now
    resource.status_changed_by = user


def resource_can_publish(resource: Resource) -> bool:
    return resource.skill_links.filter(level_taught__gt=0).exists()


@transaction.atomic
def resource_status_set(*, resource: Resource, status: str, user) -> Resource:
    """Move one resource to draft / published / archived, remembering who and when.

    Raises ValidationError when publishing a resource that teaches no skill: the advisor could
    never recommend it, so it would only clutter the catalogue.
    """
    if status not in Resource.Status.values:
        raise ValidationError(_("Unknown status %(status)s.") % {"status": status})
    if status == resource.status:
        return resource
    if status == Resource.Status.PUBLISHED and not resource_can_publish(resource):
        raise ValidationError(
            _("“%(title)s” teaches no skill yet: tag at least one skill it teaches, then publish.")
            % {"title": resource.title}
        )
    _set_status(resource, status, user=user, now=timezone.now())
    resource.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])
    return resource


def resources_status_set(*, resources, status: str, user) -> tuple[int, list[Resource]]:
    """Bulk version for admin actions: returns (changed count, resources refused)."""
    changed, refused = 0, []
    for resource in resources:
        if resource.status == status:
            continue
        try:
            resource_status_set(resource=resource, status=status, user=user)
        except ValidationError:
            refused.append(resource)
        else:
            changed += 1
    return changed, refused


def resources_refresh_search(*, resource_ids) -> None:
    """Rebuild the search keywords (provider, skill labels) and, on PostgreSQL, the tsvector."""
    resource_ids = list(resource_ids)
    for start in range(0, len(resource_ids), 1000):
        chunk = resource_ids[start : start + 1000]
        labels: dict[int, list[str]] = {}
        for resource_id, name in (
            ResourceSkill.objects.filter(resource_id__in=chunk, level_taught__gt=0)
            .order_by("resource_id", "skill__name")
            .values_list("resource_id", "skill__name")
        ):
            labels.setdefault(resource_id, []).append(name)
        keywords = {
            resource_id: " · ".join([provider, *labels.get(resource_id, [])])
            for resource_id, provider in Resource.objects.filter(id__in=chunk).values_list(
                "id", "provider__name"
            )
        }
        if not keywords:
            continue
        if connection.vendor != "postgresql":
            Resource.objects.bulk_update(
                [Resource(id=rid, keywords=text) for rid, text in keywords.items()], ["keywords"]
            )
            continue
        # One UPDATE writes both columns: writing them in turn left two dead row versions per
        # resource, bloating the table until the planner preferred sequential scans.
        new_keywords = Case(
            *(When(id=rid, then=Value(text)) for rid, text in keywords.items()),
            output_field=CharField(),
        )
        Resource.objects.filter(id__in=keywords).update(
            keywords=new_keywords, search_vector=search_vector_expression(keywords=new_keywords)
        )


def search_vector_expression(*, keywords="keywords"):
    """Title weighs most, then provider and skill labels, then the description."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(keywords, weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


@transaction.atomic
def resource_suggestions_refresh(*, resource: Resource, limit: int = 10) -> list[SkillSuggestion]:
    """Store the tagger's pending suggestions for a resource.

    Skills already tagged or already decided on (accepted or rejected) are not suggested again.
    """
    from .tagging import suggest_skills

    decided = set(
        resource.suggestions.exclude(decision=SkillSuggestion.Decision.PENDING).values_list(
            "skill_id", flat=True
        )
    )
    tagged = set(resource.skill_links.values_list("skill_id", flat=True))
    resource.suggestions.filter(decision=SkillSuggestion.Decision.PENDING).delete()
    fresh = [
        s
        for s in suggest_skills(
            resource.description, limit=limit + len(decided | tagged), title=resource.title
        )
        if s.skill_id not in decided and s.skill_id not in tagged
    ][:limit]
    return SkillSuggestion.objects.bulk_create(
        SkillSuggestion(
            resource=resource,
            skill_id=s.skill_id,
            score=round(s.score, 4),
            evidence=s.evidence[:200],
        )
        for s in fresh
    )


@transaction.atomic
def skill_suggestion_accept(*, suggestion: SkillSuggestion, level: int, user) -> ResourceSkill:
    """Tag the resource with the suggested skill at `level` (1 to MAX_LEVEL)."""
    if not 1 <= int(level) <= MAX_LEVEL:
        raise ValidationError(
            _("The level taught must be from 1 to %(high)s.") % {"high": MAX_LEVEL}
        )
    link, _created = ResourceSkill.objects.get_or_create(
        resource=suggestion.resource,
        skill=suggestion.skill,
        defaults={"level_taught": level},
    )
    if link.level_taught != level:
        if link.level_required >= level:
            raise ValidationError(
                _("The resource already requires this skill at level %(level)s first.")
                % {"level": link.level_required}
            )
        link.level_taught = level
        link.save(update_fields=["level_taught"])
    _decide(suggestion, SkillSuggestion.Decision.ACCEPTED, user)
    resources_refresh_search(resource_ids=[suggestion.resource_id])
    return link


@transaction.atomic
def skill_suggestion_reject(*, suggestion: SkillSuggestion, user) -> None:
    _decide(suggestion, SkillSuggestion.Decision.REJECTED, user)


def _decide(suggestion: SkillSuggestion, decision: str, user) -> None:
    suggestion.decision = decision
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["decision", "decided_by", "decided_at"])
