"""Reading the official files: every problem names the file and what is wrong with it."""

from pathlib import Path

import pandas as pd
from django.core.management.base import CommandError


def find_file(folder: Path, *names: str) -> Path:
    """The first of `names` present in `folder` (ESCO ships relation files with or without _en)."""
    for name in names:
        path = folder / name
        if path.is_file():
            return path
    raise CommandError(
        f"{folder / names[0]}: file is missing"
        + (f" (also looked for {', '.join(names[1:])})" if len(names) > 1 else "")
    )


def read_table(path: Path, columns: list[str], *, sep: str = ",") -> pd.DataFrame:
    """All cells as stripped strings ('' for empty); CommandError if unreadable or columns lack."""
    try:
        # utf-8-sig also reads the files saved with a byte-order mark (BLS, the SOC crosswalk).
        frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise CommandError(f"{path}: cannot be read as a table ({exc})") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CommandError(
            f"{path}: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(map(str, frame.columns))})"
        )
    frame = frame[columns].fillna("")
    for column in columns:
        frame[column] = frame[column].str.strip()
    return frame


def split_labels(value: str) -> list[str]:
    """ESCO/O*NET alternative labels: one per line, blanks and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for label in value.splitlines():
        label = label.strip()
        if label:
            seen.setdefault(label, None)
    return list(seen)
