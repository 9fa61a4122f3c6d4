"""Small copies of the official ESCO / O*NET files, cut from ../shared/data into tmp_path."""

from pathlib import Path

import pytest

from .copies import copy_esco, copy_onet, read_csv, write_csv

__all__ = ["read_csv", "write_csv"]  # the suites import them from here

ESCO_OCCUPATIONS = 6


@pytest.fixture
def esco_copy(shared_data, tmp_path) -> Path:
    """A few occupations, their relations and skills; hierarchy and collections whole."""
    dst = tmp_path / "esco"
    copy_esco(shared_data / "esco", dst, lambda frame: frame.index < ESCO_OCCUPATIONS)
    return dst


@pytest.fixture
def onet_copy(shared_data, tmp_path) -> Path:
    """Three occupations of O*NET with all their ratings, tools, zones and titles."""
    copy_onet(shared_data / "onet", tmp_path / "onet", 3)
    return tmp_path / "onet"
