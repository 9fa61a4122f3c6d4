"""Reading, mapping and validating catalogue files; the writes live in courses.services."""

from .mappings import MAPPINGS
from .reader import FORMATS, RawRow, UnreadableFile, read_rows
from .validation import Problem, ResourceRow, SkillLookup, validate_row

__all__ = [
    "FORMATS",
    "MAPPINGS",
    "Problem",
    "RawRow",
    "ResourceRow",
    "SkillLookup",
    "UnreadableFile",
    "read_rows",
    "validate_row",
]
