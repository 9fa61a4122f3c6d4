"""Small copies of the official ESCO / O*NET files, cut from ../shared/data into tmp_path."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

ESCO_OCCUPATIONS = 6


def _csv(frame: pd.DataFrame, path: Path, sep: str = ",") -> None:
    frame.to_csv(path, index=False, sep=sep)


@pytest.fixture
def esco_copy(shared_data, tmp_path) -> Path:
    """A few occupations, their relations and skills; hierarchy and collections whole."""
    src, dst = shared_data / "esco", tmp_path / "esco"
    dst.mkdir()
    read = lambda name: pd.read_csv(src / name, dtype=str, keep_default_na=False)  # noqa: E731
    occupations = read("occupations_en.csv").head(ESCO_OCCUPATIONS)
    relations = read("occupationSkillRelations.csv")
    relations = relations[relations.occupationUri.isin(occupations.conceptUri)]
    skills = read("skills_en.csv")
    skills = skills[skills.conceptUri.isin(relations.skillUri)]
    _csv(occupations, dst / "occupations_en.csv")
    _csv(relations, dst / "occupationSkillRelations.csv")
    _csv(skills, dst / "skills_en.csv")
    for name in (
        "broaderRelationsSkillPillar.csv",
        "skillGroups_en.csv",
        "skillsHierarchy_en.csv",
        "digitalSkillsCollection_en.csv",
    ):
        shutil.copy(src / name, dst / name)
    return dst


@pytest.fixture
def onet_copy(shared_data, tmp_path) -> Path:
    """Three occupations of O*NET with all their ratings, tools, zones and titles."""
    src, dst = shared_data / "onet", tmp_path / "onet"
    dst.mkdir()
    read = lambda name: pd.read_csv(src / name, sep="\t", dtype=str, keep_default_na=False)  # noqa: E731
    occupations = read("Occupation Data.txt").head(3)
    codes = set(occupations["O*NET-SOC Code"])
    _csv(occupations, dst / "Occupation Data.txt", "\t")
    for name in (
        "Skills.txt",
        "Knowledge.txt",
        "Technology Skills.txt",
        "Job Zones.txt",
        "Sample of Reported Titles.txt",
    ):
        frame = read(name)
        _csv(frame[frame["O*NET-SOC Code"].isin(codes)], dst / name, "\t")
    shutil.copy(src / "Content Model Reference.txt", dst / "Content Model Reference.txt")
    return dst


def read_csv(path: Path, sep: str = ",") -> pd.DataFrame:
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)


def write_csv(frame: pd.DataFrame, path: Path, sep: str = ",") -> None:
    _csv(frame, path, sep)
