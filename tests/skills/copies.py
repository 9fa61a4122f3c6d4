"""Small copies of the official ESCO / O*NET files, cut from ../shared/data (rows only: the
headers and formats stay the real ones)."""

import shutil
from pathlib import Path

import pandas as pd


def _csv(frame: pd.DataFrame, path: Path, sep: str = ",") -> None:
    frame.to_csv(path, index=False, sep=sep)


ESCO_WHOLE_FILES = (
    "broaderRelationsSkillPillar.csv",
    "skillGroups_en.csv",
    "skillsHierarchy_en.csv",
    "digitalSkillsCollection_en.csv",
)
ONET_RATED_FILES = (
    "Skills.txt",
    "Knowledge.txt",
    "Technology Skills.txt",
    "Job Zones.txt",
    "Sample of Reported Titles.txt",
)


def copy_esco(src: Path, dst: Path, keep_occupation, extra_skills=frozenset()) -> pd.DataFrame:
    """The occupations `keep_occupation(frame)` selects, their relations and skills (plus
    `extra_skills` uris); hierarchy and collections whole. Returns the skills kept."""
    dst.mkdir(parents=True)
    occupations = read_csv(src / "occupations_en.csv")
    occupations = occupations[keep_occupation(occupations)]
    relations = read_csv(src / "occupationSkillRelations.csv")
    relations = relations[relations.occupationUri.isin(occupations.conceptUri)]
    skills = read_csv(src / "skills_en.csv")
    skills = skills[skills.conceptUri.isin(set(relations.skillUri) | set(extra_skills))]
    _csv(occupations, dst / "occupations_en.csv")
    _csv(relations, dst / "occupationSkillRelations.csv")
    _csv(skills, dst / "skills_en.csv")
    for name in ESCO_WHOLE_FILES:
        shutil.copy(src / name, dst / name)
    return skills


def copy_onet(src: Path, dst: Path, occupations: int) -> None:
    """The first `occupations` of O*NET with all their ratings, tools, zones and titles."""
    dst.mkdir(parents=True)
    kept = read_csv(src / "Occupation Data.txt", "\t").head(occupations)
    _csv(kept, dst / "Occupation Data.txt", "\t")
    for name in ONET_RATED_FILES:
        frame = read_csv(src / name, "\t")
        _csv(frame[frame["O*NET-SOC Code"].isin(kept["O*NET-SOC Code"])], dst / name, "\t")
    shutil.copy(src / "Content Model Reference.txt", dst / "Content Model Reference.txt")


def read_csv(path: Path, sep: str = ",") -> pd.DataFrame:
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)


def write_csv(frame: pd.DataFrame, path: Path, sep: str = ",") -> None:
    _csv(frame, path, sep)
