"""ESCO v1.1.x CSV import: skill groups, skills, occupations and occupation → skill relations."""

import re
import time
from pathlib import Path

import pandas as pd
from django.db import transaction

from skills.models import (
    Occupation,
    OccupationSkill,
    Skill,
    SkillGroup,
    Source,
    occupation_search_texts,
    skill_search_text,
)

from .esco_files import read_esco
from .files import split_labels
from .report import ImportReport
from .sync import HAND_EDITED, analyze, progress, sync_relations, upsert

# ESCO says whether an occupation needs a skill, not how well. We read "essential" as "applies it
# with guidance" (level 3) at full weight and "optional" as "foundations" (level 2) at half weight
# (docs/design.md, one 0–5 scale everywhere).
RELATION_LEVELS = {"essential": (3, 1.0, True), "optional": (2, 0.5, False)}

# AI / data skills (is_ai). A skill is one when its preferred label names an AI or data-analysis
# technique outright (STRONG), or when it sits in ESCO's digital-skills collection and its label
# names a data or programming technique (DIGITAL_DATA): "programming" alone also matches
# broadcast programming, which the digital collection rules out.
STRONG = re.compile(
    r"machine learning|artificial intelligence|deep learning|neural network|computer vision"
    r"|natural language processing|data mining|big data|data science|data analytics"
    r"|data analysis|analyse data|analyse big data|statistic|predictive model|data protection"
    r"|personal data|business intelligence|information extraction",
    re.IGNORECASE,
)
DIGITAL_DATA = re.compile(
    r"programming|algorithm|\bsql\b|query language|data model|data quality|data processing"
    r"|^r$|data warehouse",
    re.IGNORECASE,
)

# Top concepts of ESCO's skill hierarchy (its "Level 0 code") → our kind, used when a skill's
# own skillType is empty (six rows in v1.1.1).
TOP_KIND = {
    "S": Skill.Kind.SKILL,
    "K": Skill.Kind.KNOWLEDGE,
    "T": Skill.Kind.TRANSVERSAL,
    "L": Skill.Kind.KNOWLEDGE,
}
SKILL_TYPES = {"skill/competence": Skill.Kind.SKILL, "knowledge": Skill.Kind.KNOWLEDGE}


def is_ai_skill(label: str, digital: bool) -> bool:
    return bool(STRONG.search(label)) or (digital and bool(DIGITAL_DATA.search(label)))


def import_esco(folder: Path, *, language: str = "en", show_progress: bool = True) -> ImportReport:
    """Import (or refresh) the ESCO taxonomy from `folder`; all or nothing."""
    started = time.monotonic()
    tables = read_esco(Path(folder), language)
    return import_esco_tables(
        tables, language=language, show_progress=show_progress, started=started
    )


def import_esco_tables(
    tables: dict[str, pd.DataFrame],
    *,
    language: str = "en",
    show_progress: bool = True,
    started: float | None = None,
) -> ImportReport:
    """Import tables shaped as `read_esco` returns them (the files, or the repo's snapshot of
    them: skills/snapshot.py); all or nothing."""
    started = time.monotonic() if started is None else started
    report = ImportReport(source=f"ESCO ({language})")
    with transaction.atomic():
        if language == "en":
            _import_english(tables, report, show_progress)
        else:
            _import_translation(tables, language, report, show_progress)
    analyze("skills_skill", "skills_occupation", "skills_occupationskill")
    report.seconds = time.monotonic() - started
    return report


def _unique_rows(frame: pd.DataFrame, key: str, tally) -> pd.DataFrame:
    empty = frame[key] == ""
    if empty.any():
        tally.skipped[f"empty {key}"] += int(empty.sum())
    frame = frame[~empty]
    dup = frame.duplicated(key)
    if dup.any():
        tally.skipped[f"{key} repeated in the file (first row kept)"] += int(dup.sum())
    return frame[~dup]


def _upsert_esco(model, rows, tally, show_progress, **options) -> dict[str, int]:
    """ESCO concepts are keyed by their URI, and an ESCO import only ever matches ESCO rows."""
    return upsert(
        model,
        key="uri",
        rows=rows,
        existing=model.objects.filter(source=Source.ESCO),
        tally=tally,
        show_progress=show_progress,
        **options,
    )


def _import_english(tables, report: ImportReport, show_progress: bool) -> None:
    groups_by_uri = _import_groups(tables, report, show_progress)
    skill_ids = _import_skills(tables, groups_by_uri, report, show_progress)
    occupation_ids = _import_occupations(tables, report, show_progress)
    _import_relations(tables, occupation_ids, skill_ids, report, show_progress)


def _import_groups(tables, report, show_progress) -> dict[str, tuple[int, str]]:
    """Skill groups and the hierarchy's top concepts; returns uri → (id, top code)."""
    tally = report["skill groups"]
    hierarchy = tables["hierarchy"]
    tops = hierarchy[hierarchy["Level 0 URI"] != ""].drop_duplicates("Level 0 URI")
    rows = {
        r["Level 0 URI"]: {
            "source": Source.ESCO,
            "code": r["Level 0 code"],
            "name": r["Level 0 preferred term"],
            "description": "",
        }
        for _, r in tops.iterrows()
    }
    groups = _unique_rows(tables["groups"], "conceptUri", tally)
    for r in groups.itertuples(index=False):
        rows.setdefault(
            r.conceptUri,
            {
                "source": Source.ESCO,
                "code": r.code,
                "name": r.preferredLabel or r.conceptUri,
                "description": r.description,
            },
        )
    ids = _upsert_esco(SkillGroup, rows, tally, show_progress, respect_curated=False)

    broader = tables["broader"]
    parents = broader[(broader.conceptType == "SkillGroup") & (broader.broaderType == "SkillGroup")]
    parent_of: dict[int, int] = {}
    for child, parent in zip(parents.conceptUri, parents.broaderUri, strict=True):
        if child in ids and parent in ids:
            parent_of.setdefault(ids[child], ids[parent])
    changed = []
    for group in SkillGroup.objects.filter(id__in=ids.values()).only("id", "parent_id"):
        if group.parent_id != parent_of.get(group.id):
            group.parent_id = parent_of.get(group.id)
            changed.append(group)
    SkillGroup.objects.bulk_update(changed, ["parent"], batch_size=2000)

    # Top code of every group, through the hierarchy file's columns (levels 0–3).
    top_of = dict(zip(tops["Level 0 URI"], tops["Level 0 code"], strict=True))
    for level in ("Level 1 URI", "Level 2 URI", "Level 3 URI"):
        for uri, code in zip(hierarchy[level], hierarchy["Level 0 code"], strict=True):
            if uri:
                top_of[uri] = code
    return {uri: (pk, top_of.get(uri, "")) for uri, pk in ids.items()}


def _import_skills(tables, groups_by_uri, report, show_progress) -> dict[str, int]:
    tally = report["skills"]
    skills = _unique_rows(tables["skills"], "conceptUri", tally)
    digital = set(tables["digital"]["conceptUri"])
    broader = tables["broader"]
    memberships = broader[
        (broader.conceptType == "KnowledgeSkillCompetence") & (broader.broaderType == "SkillGroup")
    ]
    groups_of: dict[str, list[str]] = {}
    for uri, group in zip(memberships.conceptUri, memberships.broaderUri, strict=True):
        if group in groups_by_uri:
            groups_of.setdefault(uri, []).append(group)

    rows = {}
    for r in skills.itertuples(index=False):
        if not r.preferredLabel:
            tally.skipped["empty preferredLabel"] += 1
            continue
        kind = SKILL_TYPES.get(r.skillType)
        if r.reuseLevel == "transversal":
            kind = Skill.Kind.TRANSVERSAL
        if kind is None:
            tops = {groups_by_uri[g][1] for g in groups_of.get(r.conceptUri, [])} - {""}
            kind = TOP_KIND.get(sorted(tops)[0]) if tops else None
        if kind is None:
            tally.skipped["empty or unknown skillType, and no skill group to infer it"] += 1
            continue
        alt = split_labels(r.altLabels)
        is_digital = r.conceptUri in digital
        rows[r.conceptUri] = {
            "source": Source.ESCO,
            "name": r.preferredLabel[:255],
            "description": r.description,
            "kind": kind,
            "alt_labels": alt,
            "is_digital": is_digital,
            "is_ai": is_ai_skill(r.preferredLabel, is_digital),
        }
    # search_text also covers French labels a previous `--language fr` run stored.
    french = dict(Skill.objects.filter(uri__in=list(rows)).values_list("uri", "name_fr"))
    french_alt = dict(Skill.objects.filter(uri__in=list(rows)).values_list("uri", "alt_labels_fr"))
    for uri, values in rows.items():
        values["search_text"] = skill_search_text(
            values["name"], french.get(uri, ""), values["alt_labels"], french_alt.get(uri, [])
        )
    ids = _upsert_esco(Skill, rows, tally, show_progress)
    _sync_group_links(ids, groups_of, groups_by_uri, report)
    _sync_broader_skills(ids, broader, report)
    return ids


def _sync_broader_skills(ids, broader, report) -> None:
    """ESCO's skill → broader skill relations (the hierarchy below the skill groups), for the
    partial credit a narrower or sibling skill gives (advisor.selectors.profile_levels)."""
    tally = report["broader skill links"]
    Link = Skill.broader.through
    pairs = broader[
        (broader.conceptType == "KnowledgeSkillCompetence")
        & (broader.broaderType == "KnowledgeSkillCompetence")
    ]
    wanted = {
        (ids[child], ids[parent])
        for child, parent in zip(pairs.conceptUri, pairs.broaderUri, strict=True)
        if child in ids and parent in ids and child != parent
    }
    current = {
        (a, b): pk
        for pk, a, b in Link.objects.filter(from_skill_id__in=ids.values()).values_list(
            "id", "from_skill_id", "to_skill_id"
        )
    }
    new = wanted - current.keys()
    stale = [pk for pair, pk in current.items() if pair not in wanted]
    Link.objects.bulk_create(
        [Link(from_skill_id=a, to_skill_id=b) for a, b in new], batch_size=5000
    )
    Link.objects.filter(id__in=stale).delete()
    tally.created += len(new)
    tally.deleted += len(stale)
    tally.unchanged += len(wanted) - len(new)


def _sync_group_links(ids, groups_of, groups_by_uri, report) -> None:
    tally = report["skill group links"]
    Link = Skill.groups.through
    editable = set(
        Skill.objects.filter(id__in=ids.values(), curated=False).values_list("id", flat=True)
    )
    wanted = {
        (ids[uri], groups_by_uri[g][0])
        for uri, groups in groups_of.items()
        if uri in ids and ids[uri] in editable
        for g in groups
    }
    current = {
        (s, g): pk
        for pk, s, g in Link.objects.filter(skill_id__in=editable).values_list(
            "id", "skill_id", "skillgroup_id"
        )
    }
    new = wanted - current.keys()
    stale = [pk for pair, pk in current.items() if pair not in wanted]
    Link.objects.bulk_create([Link(skill_id=s, skillgroup_id=g) for s, g in new], batch_size=5000)
    Link.objects.filter(id__in=stale).delete()
    tally.created += len(new)
    tally.deleted += len(stale)
    tally.unchanged += len(wanted) - len(new)


def _import_occupations(tables, report, show_progress) -> dict[str, int]:
    tally = report["occupations"]
    occupations = _unique_rows(tables["occupations"], "conceptUri", tally)
    taken = dict(Occupation.objects.exclude(source=Source.ESCO).values_list("code", "uri"))
    rows = {}
    for r in occupations.itertuples(index=False):
        if not r.code or not r.preferredLabel:
            tally.skipped["empty code or preferredLabel"] += 1
            continue
        if r.code in taken:
            tally.skipped["code already used by a non-ESCO occupation"] += 1
            continue
        rows[r.conceptUri] = {
            "source": Source.ESCO,
            "code": r.code,
            "title": r.preferredLabel[:255],
            "description": r.description,
            "alt_labels": split_labels(r.altLabels),
            "isco_group": r.iscoGroup[:8],
        }
    # The search columns also cover French titles a previous `--language fr` run stored.
    french = {
        uri: (title_fr, alt_fr)
        for uri, title_fr, alt_fr in Occupation.objects.filter(uri__in=list(rows)).values_list(
            "uri", "title_fr", "alt_labels_fr"
        )
    }
    for uri, values in rows.items():
        title_fr, alt_fr = french.get(uri, ("", []))
        values.update(
            occupation_search_texts(
                values["title"], title_fr, values["alt_labels"], alt_fr, uri=uri
            )
        )
    only_in_relations = (
        set(tables["relations"]["occupationUri"]) - set(occupations["conceptUri"]) - {""}
    )
    if only_in_relations:
        tally.skipped["named only in the relations file, not in occupations_en.csv"] += len(
            only_in_relations
        )
    return _upsert_esco(Occupation, rows, tally, show_progress)


def _import_relations(tables, occupation_ids, skill_ids, report, show_progress) -> None:
    tally = report["required skills"]
    rel = tables["relations"]
    bad_type = ~rel.relationType.isin(list(RELATION_LEVELS))
    if bad_type.any():
        tally.skipped["relationType is neither essential nor optional"] += int(bad_type.sum())
    rel = rel[~bad_type]
    unknown_occ = ~rel.occupationUri.isin(list(occupation_ids))
    if unknown_occ.any():
        tally.skipped["occupation uri not in the occupations file (or skipped there)"] += int(
            unknown_occ.sum()
        )
    rel = rel[~unknown_occ]
    unknown_skill = ~rel.skillUri.isin(list(skill_ids))
    if unknown_skill.any():
        tally.skipped["skill uri not in the skills file (or skipped there)"] += int(
            unknown_skill.sum()
        )
    rel = rel[~unknown_skill]
    # A pair listed twice keeps its strongest relation (essential sorts before optional).
    rel = rel.sort_values("relationType", kind="stable")
    dup = rel.duplicated(["occupationUri", "skillUri"])
    if dup.any():
        tally.skipped["occupation–skill pair repeated (essential kept)"] += int(dup.sum())
    rel = rel[~dup]

    curated = set(
        Occupation.objects.filter(source=Source.ESCO, curated=True).values_list("id", flat=True)
    )
    wanted = {}
    with progress(len(rel), "reading relations", enabled=show_progress) as bar:
        for occ_uri, kind, skill_uri in zip(
            rel.occupationUri, rel.relationType, rel.skillUri, strict=True
        ):
            occ = occupation_ids[occ_uri]
            if occ in curated:
                tally.skipped["occupation hand-edited (curated): its skills left as they are"] += 1
                continue
            level, weight, essential = RELATION_LEVELS[kind]
            wanted[(occ, skill_ids[skill_uri])] = {
                "level": level,
                "weight": weight,
                "essential": essential,
                "in_demand": False,
            }
        bar.update(len(rel))
    editable = [pk for pk in occupation_ids.values() if pk not in curated]
    sync_relations(
        wanted=wanted,
        existing=OccupationSkill.objects.filter(
            occupation__source=Source.ESCO, occupation__curated=False, occupation_id__in=editable
        ),
        tally=tally,
        show_progress=show_progress,
    )


def _import_translation(tables, language, report, show_progress) -> None:
    """Another language's labels onto concepts already imported in English (French only)."""

    def skill_values(r, skill):
        values = {
            "name_fr": r.preferredLabel[:255],
            "description_fr": r.description,
            "alt_labels_fr": split_labels(r.altLabels),
        }
        values["search_text"] = skill_search_text(
            skill.name, values["name_fr"], skill.alt_labels, values["alt_labels_fr"]
        )
        return values

    def occupation_values(r, occupation):
        values = {
            "title_fr": r.preferredLabel[:255],
            "description_fr": r.description,
            "alt_labels_fr": split_labels(r.altLabels),
        }
        values.update(
            occupation_search_texts(
                occupation.title,
                values["title_fr"],
                occupation.alt_labels,
                values["alt_labels_fr"],
                uri=occupation.uri,
            )
        )
        return values

    _apply_labels(Skill, tables["skills"], skill_values, report[f"skill labels ({language})"])
    _apply_labels(
        Occupation,
        tables["occupations"],
        occupation_values,
        report[f"occupation titles ({language})"],
    )


def _apply_labels(model, frame, values_for, tally) -> None:
    """Set translated fields on imported ESCO rows of `model`, by concept uri; bulk write."""
    noun = model._meta.verbose_name
    known = {obj.uri: obj for obj in model.objects.filter(source=Source.ESCO)}
    changed, fields = [], set()
    for r in _unique_rows(frame, "conceptUri", tally).itertuples(index=False):
        obj = known.get(r.conceptUri)
        if obj is None:
            tally.skipped[f"{noun} not imported in English yet (run import_esco first)"] += 1
            continue
        if obj.curated:
            tally.skipped[HAND_EDITED] += 1
            continue
        values = values_for(r, obj)
        if all(getattr(obj, f) == v for f, v in values.items()):
            tally.unchanged += 1
            continue
        for f, v in values.items():
            setattr(obj, f, v)
        fields.update(values)
        changed.append(obj)
    if changed:
        model.objects.bulk_update(changed, sorted(fields), batch_size=2000)
    tally.updated += len(changed)
