"""The ESCO v1.1.x CSV download: which file holds each table, which columns the import reads, all
checked before anything is written (skills.importers.esco imports what this reads)."""

from pathlib import Path

import pandas as pd
from django.core.management.base import CommandError

from .files import find_file, read_table

COLUMNS = {
    "occupations": [
        "conceptUri",
        "code",
        "iscoGroup",
        "preferredLabel",
        "altLabels",
        "description",
    ],
    "skills": [
        "conceptUri",
        "skillType",
        "reuseLevel",
        "preferredLabel",
        "altLabels",
        "description",
    ],
    "relations": ["occupationUri", "relationType", "skillUri"],
    "broader": ["conceptType", "conceptUri", "broaderType", "broaderUri"],
    "groups": ["conceptUri", "preferredLabel", "description", "code"],
    "hierarchy": [
        "Level 0 URI",
        "Level 0 preferred term",
        "Level 0 code",
        "Level 1 URI",
        "Level 2 URI",
        "Level 3 URI",
    ],
    "digital": ["conceptUri"],
    "labels_occupations": ["conceptUri", "preferredLabel", "altLabels", "description"],
    "labels_skills": ["conceptUri", "preferredLabel", "altLabels", "description"],
}


def table_columns(language: str) -> dict[str, list[str]]:
    """The columns the import reads, per table, for one language."""
    if language != "en":
        return {
            "occupations": COLUMNS["labels_occupations"],
            "skills": COLUMNS["labels_skills"],
        }
    return {name: COLUMNS[name] for name in ENGLISH_TABLES}


ENGLISH_TABLES = ("occupations", "skills", "relations", "broader", "groups", "hierarchy", "digital")


def esco_files(folder: Path, language: str) -> dict[str, Path]:
    """The file behind each table the import reads; CommandError naming a missing one."""
    if not folder.is_dir():
        raise CommandError(f"{folder}: not a folder (expected the unzipped ESCO CSV download)")
    if language != "en":
        return {
            "occupations": find_file(folder, f"occupations_{language}.csv"),
            "skills": find_file(folder, f"skills_{language}.csv"),
        }
    return {
        "occupations": find_file(folder, "occupations_en.csv"),
        "skills": find_file(folder, "skills_en.csv"),
        "relations": find_file(
            folder, "occupationSkillRelations.csv", "occupationSkillRelations_en.csv"
        ),
        "broader": find_file(
            folder, "broaderRelationsSkillPillar.csv", "broaderRelationsSkillPillar_en.csv"
        ),
        "groups": find_file(folder, "skillGroups_en.csv"),
        "hierarchy": find_file(folder, "skillsHierarchy_en.csv"),
        "digital": find_file(folder, "digitalSkillsCollection_en.csv"),
    }


def read_esco(folder: Path, language: str) -> dict[str, pd.DataFrame]:
    """Every file the import needs, validated before anything is written."""
    columns = table_columns(language)
    return {
        name: read_table(path, columns[name]) for name, path in esco_files(folder, language).items()
    }
