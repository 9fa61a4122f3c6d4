"""O*NET database (text files) import: occupations, Skills/Knowledge elements, technology tools."""

import math
import re
import time
from pathlib import Path

import pandas as pd
from django.core.management.base import CommandError
from django.db import transaction

from skills.models import (
    Occupation,
    OccupationSkill,
    Skill,
    Source,
    occupation_search_texts,
    skill_search_text,
)

from .esco import is_ai_skill
from .files import find_file, read_table
from .report import ImportReport
from .sync import analyze, upsert

ELEMENT_URI = "onet:element:{}"
TOOL_URI = "onet:technology:{}"

# Elements that are about computers; they count as digital skills and for the AI flag.
DIGITAL_ELEMENTS = {"Programming", "Computers and Electronics", "Technology Design"}
# Software that does AI or data analysis, recognised by name (O*NET has no such flag).
AI_TOOLS = re.compile(
    r"tensorflow|pytorch|keras|scikit|\bpython\b|^r$|\bsas\b|spss|stata|tableau|power bi"
    r"|jupyter|hadoop|apache spark|\bsql\b|matlab|chatgpt|openai|machine learning|\bai\b"
    r"|data ?robot|alteryx|qlik|databricks|snowflake",
    re.IGNORECASE,
)

RATING_COLUMNS = [
    "O*NET-SOC Code",
    "Element ID",
    "Element Name",
    "Scale ID",
    "Data Value",
    "Recommend Suppress",
    "Not Relevant",
]
COLUMNS = {
    "occupations": ["O*NET-SOC Code", "Title", "Description"],
    "skills": RATING_COLUMNS,
    "knowledge": RATING_COLUMNS,
    "technology": ["O*NET-SOC Code", "Example", "Commodity Title", "Hot Technology", "In Demand"],
    "job_zones": ["O*NET-SOC Code", "Job Zone"],
    "titles": ["O*NET-SOC Code", "Reported Job Title"],
    "elements": ["Element ID", "Description"],
}
FILES = {
    "occupations": "Occupation Data.txt",
    "skills": "Skills.txt",
    "knowledge": "Knowledge.txt",
    "technology": "Technology Skills.txt",
    "job_zones": "Job Zones.txt",
    "titles": "Sample of Reported Titles.txt",
    "elements": "Content Model Reference.txt",
}


def level_from_lv(lv: float) -> int:
    """O*NET level 0–7 onto our 0–5, linearly, rounded half up."""
    return max(0, min(5, math.floor(lv / 7 * 5 + 0.5)))


def weight_from_im(im: float) -> float:
    """O*NET importance 1–5 onto a weight 0–1, linearly (1 = not important → 0)."""
    return round(max(0.0, min(1.0, (im - 1) / 4)), 4)


def tool_requirement(hot: bool, in_demand: bool) -> dict:
    """A technology an occupation uses: foundations (2), or applies it (3) where employers ask
    for it. O*NET rates no level for tools, so the weight grows with the demand signals:
    0.25 listed, +0.25 hot technology, +0.5 in demand for this occupation."""
    return {
        "level": 3 if in_demand else 2,
        "weight": 0.25 + (0.25 if hot else 0.0) + (0.5 if in_demand else 0.0),
        "essential": in_demand,
        "in_demand": in_demand,
    }


def read_onet(folder: Path) -> dict[str, pd.DataFrame]:
    if not folder.is_dir():
        raise CommandError(f"{folder}: not a folder (expected the unzipped O*NET text download)")
    return {
        name: read_table(find_file(folder, filename), COLUMNS[name], sep="\t")
        for name, filename in FILES.items()
    }


def import_onet(folder: Path, *, show_progress: bool = True) -> ImportReport:
    """Import (or refresh) O*NET from `folder`; all or nothing."""
    started = time.monotonic()
    tables = read_onet(Path(folder))
    report = ImportReport(source="O*NET")
    with transaction.atomic():
        occupation_ids = _import_occupations(tables, report, show_progress)
        wanted = _ratings(tables, occupation_ids, report, show_progress)
        wanted.update(_technology(tables, occupation_ids, report, show_progress))
        curated = set(
            Occupation.objects.filter(source=Source.ONET, curated=True).values_list("id", flat=True)
        )
        tally = report["required skills"]
        kept = {}
        for pair, values in wanted.items():
            if pair[0] in curated:
                tally.skipped["occupation hand-edited (curated): its skills left as they are"] += 1
            else:
                kept[pair] = values
        from .sync import sync_relations

        sync_relations(
            wanted=kept,
            existing=OccupationSkill.objects.filter(
                occupation__source=Source.ONET, occupation__curated=False
            ),
            tally=tally,
            show_progress=show_progress,
        )
    analyze("skills_skill", "skills_occupation", "skills_occupationskill")
    report.seconds = time.monotonic() - started
    return report


def _import_occupations(tables, report, show_progress) -> dict[str, int]:
    tally = report["occupations"]
    occ = tables["occupations"]
    empty = (occ["O*NET-SOC Code"] == "") | (occ["Title"] == "")
    if empty.any():
        tally.skipped["empty O*NET-SOC Code or Title"] += int(empty.sum())
    occ = occ[~empty]
    dup = occ.duplicated("O*NET-SOC Code")
    if dup.any():
        tally.skipped["O*NET-SOC Code repeated (first row kept)"] += int(dup.sum())
    occ = occ[~dup]

    zones = {}
    for code, zone in zip(
        tables["job_zones"]["O*NET-SOC Code"], tables["job_zones"]["Job Zone"], strict=True
    ):
        if zone in {"1", "2", "3", "4", "5"}:
            zones[code] = int(zone)
        else:
            report["job zones"].skipped["Job Zone not 1–5"] += 1
    titles: dict[str, list[str]] = {}
    for code, title in zip(
        tables["titles"]["O*NET-SOC Code"], tables["titles"]["Reported Job Title"], strict=True
    ):
        if title and title not in titles.setdefault(code, []):
            titles[code].append(title)

    taken = set(Occupation.objects.exclude(source=Source.ONET).values_list("code", flat=True))
    rows = {}
    for code, title, description in zip(
        occ["O*NET-SOC Code"], occ["Title"], occ["Description"], strict=True
    ):
        if code in taken:
            tally.skipped["code already used by a non-O*NET occupation"] += 1
            continue
        rows[code] = {
            "source": Source.ONET,
            "title": title[:255],
            "description": description,
            "job_zone": zones.get(code),
            "alt_labels": titles.get(code, []),
        }
        rows[code].update(
            occupation_search_texts(rows[code]["title"], "", rows[code]["alt_labels"])
        )
    return upsert(
        Occupation,
        key="code",
        rows=rows,
        existing=Occupation.objects.filter(source=Source.ONET),
        tally=tally,
        show_progress=show_progress,
    )


def _ratings(tables, occupation_ids, report, show_progress) -> dict[tuple[int, int], dict]:
    """Skills and Knowledge elements as skills; one requirement per rated (occupation, element)."""
    tally = report["required skills"]
    descriptions = dict(
        zip(tables["elements"]["Element ID"], tables["elements"]["Description"], strict=True)
    )
    frames = []
    for name, kind in (("skills", Skill.Kind.SKILL), ("knowledge", Skill.Kind.KNOWLEDGE)):
        frame = tables[name].copy()
        frame["kind"] = kind
        frames.append(frame)
    ratings = pd.concat(frames, ignore_index=True)
    ratings = ratings[ratings["Scale ID"].isin(["IM", "LV"])]
    bad_id = ratings["Element ID"] == ""
    if bad_id.any():
        tally.skipped["rating row with empty Element ID"] += int(bad_id.sum())
    ratings = ratings[~bad_id]
    ratings["value"] = pd.to_numeric(ratings["Data Value"], errors="coerce")

    element_rows = {}
    for element_id, element_name, kind in (
        ratings[["Element ID", "Element Name", "kind"]]
        .drop_duplicates("Element ID")
        .itertuples(index=False)
    ):
        digital = element_name in DIGITAL_ELEMENTS
        element_rows[ELEMENT_URI.format(element_id)] = {
            "source": Source.ONET,
            "name": element_name[:255] or element_id,
            "kind": kind,
            "description": descriptions.get(element_id, ""),
            "alt_labels": [],
            "is_digital": digital,
            "is_ai": is_ai_skill(element_name, digital),
            "is_hot": False,
            "search_text": skill_search_text(element_name or element_id),
        }
    skill_ids = upsert(
        Skill,
        key="uri",
        rows=element_rows,
        existing=Skill.objects.filter(source=Source.ONET, uri__startswith="onet:element:"),
        tally=report["skills (Skills and Knowledge elements)"],
        show_progress=show_progress,
    )

    # One line per (occupation, element): IM and LV side by side, flags from either row.
    ratings["flag_suppress"] = ratings["Recommend Suppress"] == "Y"
    ratings["flag_irrelevant"] = ratings["Not Relevant"] == "Y"
    ratings["bad_value"] = ratings["value"].isna()
    key = ["O*NET-SOC Code", "Element ID"]
    pairs = ratings.groupby(key).agg(
        suppress=("flag_suppress", "any"),
        irrelevant=("flag_irrelevant", "any"),
        bad=("bad_value", "any"),
    )
    values = (
        ratings.dropna(subset=["value"])
        .drop_duplicates(key + ["Scale ID"])
        .pivot(index=key, columns="Scale ID", values="value")
    )
    pairs = pairs.join(values, how="left")
    for col in ("IM", "LV"):
        if col not in pairs:
            pairs[col] = float("nan")

    wanted = {}
    for (code, element_id), row in pairs.iterrows():
        if code not in occupation_ids:
            tally.skipped["occupation code not in Occupation Data.txt"] += 1
        elif row.bad:
            tally.skipped["Data Value is not a number"] += 1
        elif row.irrelevant:
            tally.skipped["Not Relevant = Y"] += 1
        elif row.suppress:
            tally.skipped["Recommend Suppress = Y (low-precision estimate)"] += 1
        elif pd.isna(row.IM) or pd.isna(row.LV):
            tally.skipped["importance (IM) or level (LV) rating missing"] += 1
        elif weight_from_im(row.IM) == 0:
            tally.skipped["importance 1 of 5 (not important)"] += 1
        else:
            wanted[(occupation_ids[code], skill_ids[ELEMENT_URI.format(element_id)])] = {
                "level": level_from_lv(row.LV),
                "weight": weight_from_im(row.IM),
                "essential": row.IM >= 3.0,
                "in_demand": False,
            }
    return wanted


def _technology(tables, occupation_ids, report, show_progress) -> dict[tuple[int, int], dict]:
    """Technology Skills: one tool skill per software example, flagged hot where O*NET says so."""
    tally = report["required skills"]
    tech = tables["technology"]
    empty = tech["Example"] == ""
    if empty.any():
        tally.skipped["technology row with empty Example"] += int(empty.sum())
    tech = tech[~empty]
    hot_examples = set(tech.loc[tech["Hot Technology"] == "Y", "Example"])
    first = tech.drop_duplicates("Example")
    rows = {}
    for example, commodity in zip(first["Example"], first["Commodity Title"], strict=True):
        uri = TOOL_URI.format(example)[:255]
        rows[uri] = {
            "source": Source.ONET,
            "name": example[:255],
            "kind": Skill.Kind.TOOL,
            "description": commodity,
            "alt_labels": [],
            "is_digital": True,
            "is_ai": bool(AI_TOOLS.search(example)) or is_ai_skill(example, True),
            "is_hot": example in hot_examples,
            "search_text": skill_search_text(example),
        }
    skill_ids = upsert(
        Skill,
        key="uri",
        rows=rows,
        existing=Skill.objects.filter(source=Source.ONET, uri__startswith="onet:technology:"),
        tally=report["skills (technology tools)"],
        show_progress=show_progress,
    )
    wanted: dict[tuple[int, int], dict] = {}
    for code, example, hot, in_demand in zip(
        tech["O*NET-SOC Code"],
        tech["Example"],
        tech["Hot Technology"],
        tech["In Demand"],
        strict=True,
    ):
        if code not in occupation_ids:
            tally.skipped["occupation code not in Occupation Data.txt"] += 1
            continue
        pair = (occupation_ids[code], skill_ids[TOOL_URI.format(example)[:255]])
        if pair in wanted:
            # The same software listed under two commodity classes: keep the stronger signal.
            in_demand = "Y" if wanted[pair]["in_demand"] or in_demand == "Y" else "N"
        wanted[pair] = tool_requirement(hot == "Y", in_demand == "Y")
    return wanted
