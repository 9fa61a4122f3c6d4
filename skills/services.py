"""Writes to the skills catalogue that are not taxonomy imports (see skills/importers/)."""

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from .levels import MAX_LEVEL, MIN_LEVEL
from .models import Occupation, OccupationSkill, Sector, Skill, Source, search_words

ROLES_FILE = Path(__file__).resolve().parent / "data" / "ai_roles.json"
# AI-era skills ESCO lacks, written by us (rules in skills/data/README.md).
AI_SKILLS_FILE = Path(__file__).resolve().parent / "data" / "ai_skills.json"
AI_SKILL_URN = "urn:reconversion:skill:"
# Skills only a regulated qualification or licence grants (rule in docs/real-data.md).
REGULATED_SKILLS_FILE = Path(__file__).resolve().parent / "data" / "regulated_skills.csv"


class RolesError(Exception):
    """The roles file cannot be loaded as it stands; the message says why and where."""


@dataclass
class RolesReport:
    version: str = ""
    sectors_created: int = 0
    roles_created: int = 0
    roles_updated: int = 0
    roles_hand_edited: list[str] = field(default_factory=list)
    skills_linked: int = 0
    regulated_roles: list[str] = field(default_factory=list)
    ai_skills_version: str = ""
    ai_skills_created: int = 0
    ai_skills_updated: int = 0
    ai_skills_hand_edited: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"AI-era skills file version {self.ai_skills_version}: {self.ai_skills_created} "
            f"created, {self.ai_skills_updated} refreshed, {len(self.ai_skills_hand_edited)} "
            "hand-edited left as they are",
            f"AI-era roles file version {self.version}",
            f"  sectors: {self.sectors_created} created",
            f"  roles: {self.roles_created} created, {self.roles_updated} refreshed, "
            f"{len(self.roles_hand_edited)} hand-edited left as they are",
            f"  required skills linked: {self.skills_linked}",
            f"  regulated roles (not reachable by courses alone): "
            f"{', '.join(self.regulated_roles) or 'none'}",
        ]
        if self.roles_hand_edited:
            out.append(f"  hand-edited (curated) roles: {', '.join(self.roles_hand_edited)}")
        return out


def _require(mapping: dict, key: str, where: str, kind: type = str) -> Any:
    value = mapping.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise RolesError(f"{where}: '{key}' is missing or not a {kind.__name__}")
    return value


def _read_json_object(path: Path, expected: str) -> dict:
    """A curated JSON file's top-level object, or a RolesError naming the file and the fault."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RolesError(f"{path}: file is missing") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RolesError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise RolesError(f"{path}: expected an object with {expected}")
    return data


def _read_roles_file(path: Path) -> dict:
    data = _read_json_object(path, "version, sectors and roles")
    _require(data, "version", str(path))
    _require(data, "sectors", str(path), list)
    _require(data, "roles", str(path), list)
    return data


def _read_ai_skills_file(path: Path) -> tuple[str, list[dict]]:
    data = _read_json_object(path, "version and skills")
    _require(data, "version", str(path))
    skills = _require(data, "skills", str(path), list)
    seen = set()
    for i, entry in enumerate(skills):
        where = f"{path}: skills[{i}]"
        if not isinstance(entry, dict):
            raise RolesError(f"{where}: expected an object")
        uri = _require(entry, "uri", where)
        where = f"{path}: skill {uri}"
        if not uri.startswith(AI_SKILL_URN) or len(uri) == len(AI_SKILL_URN):
            raise RolesError(f"{where}: uri must be {AI_SKILL_URN}<slug>")
        if uri in seen:
            raise RolesError(f"{where}: listed twice")
        seen.add(uri)
        for key in ("name", "name_fr", "description", "description_fr"):
            _require(entry, key, where)
        if entry.get("kind") not in {Skill.Kind.SKILL, Skill.Kind.KNOWLEDGE}:
            raise RolesError(f"{where}: 'kind' must be 'skill' or 'knowledge'")
        _require(_require(entry, "broader", where, dict), "uri", f"{where}: broader")
    return data["version"], skills


def ai_skills_load(*, path: Path = AI_SKILLS_FILE, report: RolesReport) -> None:
    """Create or refresh our AI-era skills (`urn:reconversion:skill:…`) from the curated file.

    Each sits in the ESCO skill groups of its broader ESCO skill, so whatever reads the ESCO
    hierarchy finds it next to that skill. A skill hand-edited in the admin is left alone.
    """
    report.ai_skills_version, entries = _read_ai_skills_file(path)
    broader_uris = {e["broader"]["uri"] for e in entries}
    broader = {
        s.uri: s for s in Skill.objects.filter(uri__in=broader_uris).prefetch_related("groups")
    }
    existing = {s.uri: s for s in Skill.objects.filter(uri__in=[e["uri"] for e in entries])}
    for entry in entries:
        uri = entry["uri"]
        parent = broader.get(entry["broader"]["uri"])
        if parent is None:
            raise RolesError(
                f"{path}: skill {uri}: broader ESCO skill {entry['broader']['uri']} is not imported"
            )
        skill = existing.get(uri)
        if skill is not None and skill.curated:
            report.ai_skills_hand_edited.append(uri)
            continue
        if skill is not None and skill.source != Source.CURATED:
            raise RolesError(f"{path}: skill {uri} is already used by a {skill.source} skill")
        values = {
            "source": Source.CURATED,
            "kind": entry["kind"],
            "is_ai": True,
            "is_digital": True,
            "alt_labels": list(entry.get("alt_labels", [])),
            "alt_labels_fr": list(entry.get("alt_labels_fr", [])),
            **{k: entry[k] for k in ("name", "name_fr", "description", "description_fr")},
        }
        skill, created = Skill.objects.update_or_create(uri=uri, defaults=values)
        skill.groups.set(parent.groups.all())
        report.ai_skills_created += created
        report.ai_skills_updated += not created


@transaction.atomic
def roles_load(*, path: Path = ROLES_FILE, skills_path: Path = AI_SKILLS_FILE) -> RolesReport:
    """Create or refresh our AI-era skills, then the sectors and AI-era target roles of the
    versioned roles file.

    Every skill and extended occupation is referenced by uri (ESCO, or ours for the AI-era
    skills) and must exist; otherwise nothing is written. Rows hand-edited in the admin are left
    alone. A role whose entry needs a regulated qualification says why (`regulated.why`) and is
    marked `regulated`: suggestions never offer it as reachable by courses alone.
    """
    data = _read_roles_file(path)
    if not Skill.objects.filter(source=Source.ESCO).exists():
        raise RolesError(
            "No ESCO skills in the database: the AI-era roles are built on them. "
            "Run `python manage.py import_esco DIR` (the unzipped ESCO CSV download) first."
        )
    report = RolesReport(version=data["version"])
    ai_skills_load(path=skills_path, report=report)
    sectors = {}
    for i, entry in enumerate(data["sectors"]):
        where = f"{path}: sectors[{i}]"
        slug = _require(entry, "slug", where)
        sector, created = Sector.objects.get_or_create(
            slug=slug, defaults={"name": _require(entry, "name", where)}
        )
        for attr in ("name", "name_fr", "description", "description_fr"):
            setattr(sector, attr, entry.get(attr, getattr(sector, attr)))
        sector.save()
        sectors[slug] = sector
        report.sectors_created += created

    roles = data["roles"]
    uris = {s.get("uri") for r in roles for s in r.get("skills", []) if isinstance(s, dict)}
    skill_ids = dict(Skill.objects.filter(uri__in=uris).values_list("uri", "id"))
    extends_uris = {(r.get("extends") or {}).get("uri") for r in roles}
    occupation_ids = dict(Occupation.objects.filter(uri__in=extends_uris).values_list("uri", "id"))
    for i, entry in enumerate(roles):
        code = _require(entry, "code", f"{path}: roles[{i}]")
        where = f"{path}: role {code}"
        sector_slug = _require(entry, "sector", where)
        if sector_slug not in sectors:
            raise RolesError(f"{where}: sector '{sector_slug}' is not among the file's sectors")
        extends_uri = _require(entry, "extends", where, dict).get("uri")
        if extends_uri not in occupation_ids:
            raise RolesError(f"{where}: extended occupation {extends_uri} is not imported")
        wanted = {}
        for j, req in enumerate(_require(entry, "skills", where, list)):
            uri = _require(req, "uri", f"{where}: skills[{j}]")
            if uri not in skill_ids:
                raise RolesError(f"{where}: skill {uri} ({req.get('label', '?')}) is not imported")
            level, weight = req.get("level"), req.get("weight")
            if not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
                raise RolesError(
                    f"{where}: skill {uri}: level must be an integer {MIN_LEVEL}–{MAX_LEVEL}"
                )
            if not isinstance(weight, int | float) or not 0 < weight <= 1:
                raise RolesError(f"{where}: skill {uri}: weight must be in (0, 1]")
            wanted[skill_ids[uri]] = {
                "level": level,
                "weight": float(weight),
                "essential": weight >= 0.8,
            }

        regulated = entry.get("regulated")
        if regulated is not None and not (
            isinstance(regulated, dict) and str(regulated.get("why", "")).strip()
        ):
            raise RolesError(f'{where}: \'regulated\' must say why ({{"why": "…"}})')

        role = Occupation.objects.filter(code=code).first()
        if role is not None and role.curated:
            report.roles_hand_edited.append(code)
            continue
        if role is not None and role.source != Source.CURATED:
            raise RolesError(f"{where}: code {code} is already used by a {role.source} occupation")
        values = {
            "source": Source.CURATED,
            "title": _require(entry, "title", where),
            "title_fr": entry.get("title_fr", ""),
            "description": entry.get("description", ""),
            "description_fr": entry.get("description_fr", ""),
            "is_target": True,
            "extends_id": occupation_ids[extends_uri],
            "regulated": regulated is not None,
        }
        role, created = Occupation.objects.update_or_create(code=code, defaults=values)
        report.roles_created += created
        report.roles_updated += not created
        role.sectors.set([sectors[sector_slug]])
        role.required_skills.exclude(skill_id__in=wanted).delete()
        for skill_id, req in wanted.items():
            OccupationSkill.objects.update_or_create(
                occupation=role, skill_id=skill_id, defaults=req
            )
        report.skills_linked += len(wanted)
        if regulated is not None:
            report.regulated_roles.append(code)
    return report


_PARENTHESES = re.compile(r"\s*\([^)]*\)")
# Shared by many unrelated labels, so sharing one says nothing ("Estimating software" is not
# "industrial software").
GENERIC_WORDS = {"software", "system", "systems", "tool", "tools", "data", "management"}
GENERIC_WORDS |= {"production", "learning", "design", "and", "of"}


def twin_key(label: str) -> str:
    """A label reduced to what two taxonomies share when they name one skill: lower case,
    words only, a parenthesised qualifier dropped ("Python (computer programming)" → "python")."""
    return search_words(_PARENTHESES.sub("", label or ""))


@transaction.atomic
def skill_twins_link() -> int:
    """Point each O*NET skill or tool at the ESCO skill that names the same thing (`same_as`).

    An O*NET row is a twin when its label, normalised by `twin_key`, equals an ESCO skill's
    preferred label, or one of its alternative labels while sharing a word with its preferred
    label ("Apple iOS" → iOS). ESCO lists narrower tools as alternative labels of broader skills
    ("Keras" under computer vision, "AWK" under computer programming): those are not the same
    concept, so a gap in AWK must not be closed by any programming course. A label naming several
    ESCO skills equally is left alone (no guess); hand-edited rows keep what a curator set.
    Idempotent: returns how many rows changed.
    """
    preferred: dict[str, set[int]] = {}
    alternative: dict[str, set[int]] = {}
    for skill_id, name, alt_labels in Skill.objects.filter(source=Source.ESCO).values_list(
        "id", "name", "alt_labels"
    ):
        key = twin_key(name)
        preferred.setdefault(key, set()).add(skill_id)
        words = set(key.split()) - GENERIC_WORDS
        for label in alt_labels or []:
            alt_key = twin_key(str(label))
            if words & set(alt_key.split()):
                alternative.setdefault(alt_key, set()).add(skill_id)
    changed = []
    for skill in Skill.objects.filter(source=Source.ONET, curated=False).only(
        "id", "name", "same_as_id"
    ):
        key = twin_key(skill.name)
        candidates = preferred.get(key) or alternative.get(key) or set()
        twin = next(iter(candidates)) if len(candidates) == 1 and key else None
        if skill.same_as_id != twin:
            skill.same_as_id = twin
            changed.append(skill)
    # bulk_update skips save(): search_text does not depend on same_as, so nothing goes stale.
    Skill.objects.bulk_update(changed, ["same_as"], batch_size=1000)
    return len(changed)


@dataclass
class RegulatedReport:
    flagged: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [f"regulated skills: {self.flagged} flagged, {self.unchanged} already flagged"]
        out += [f"  skipped {count}: {why}" for why, count in self.skipped.most_common()]
        return out


@transaction.atomic
def regulated_skills_load(*, path: Path = REGULATED_SKILLS_FILE) -> RegulatedReport:
    """Flag the skills of the curated file as needing a regulated qualification.

    Only sets the flag: a skill dropped from the file, or hand-edited in the admin, keeps what
    a curator decided. A uri that is not imported is counted and skipped, never fatal.
    """
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError as exc:
        raise RolesError(f"{path}: file is missing") from exc
    report = RegulatedReport()
    for number, row in enumerate(rows, start=2):
        if not (row.get("uri") or "").strip() or not (row.get("why") or "").strip():
            raise RolesError(f"{path}: row {number}: 'uri' and 'why' are required")
    uris = [row["uri"].strip() for row in rows]
    skills = {
        s.uri: s
        for s in Skill.objects.filter(uri__in=uris).only("id", "uri", "regulated", "curated")
    }
    to_flag = []
    for uri in uris:
        skill = skills.get(uri)
        if skill is None:
            report.skipped["skill not imported (run import_esco first)"] += 1
        elif skill.regulated:
            report.unchanged += 1
        elif skill.curated:
            report.skipped["hand-edited in the admin (curated): left as it is"] += 1
        else:
            to_flag.append(skill.id)
    report.flagged = Skill.objects.filter(id__in=to_flag).update(regulated=True)
    return report
