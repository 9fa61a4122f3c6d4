"""Importing catalogue files: reading, mapping and validating rows, then writing the valid ones
(resources_import), and the limits an uploaded file must keep to."""

from .mappings import MAPPINGS
from .reader import FORMATS, RawRow, UnreadableFile, read_rows
from .resources import ImportReport, resources_import
from .validation import Problem, ResourceRow, SkillLookup, validate_row

__all__ = [
    "FORMATS",
    "MAPPINGS",
    "ImportReport",
    "Problem",
    "RawRow",
    "ResourceRow",
    "SkillLookup",
    "UnreadableFile",
    "read_rows",
    "resources_import",
    "validate_row",
]
