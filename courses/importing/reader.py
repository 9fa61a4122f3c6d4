"""Turn an uploaded file into numbered rows, or refuse it with a message a curator understands."""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class UnreadableFile(Exception):
    """The file as a whole cannot be read: nothing from it may be written."""


@dataclass(frozen=True)
class RawRow:
    """One record as read, numbered the way a curator finds it: in a CSV the header is row 1,
    so the first record is row 2 (as in a spreadsheet); in JSON the first object is row 1."""

    number: int
    values: dict


FORMATS = ("csv", "json")


def guess_format(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    return "json" if text.lstrip()[:1] in ("[", "{") else "csv"


def decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"The file is not UTF-8 text (byte 0x{content[exc.start]:02x} at position "
            f"{exc.start}). Save it as UTF-8 CSV or JSON and try again."
        ) from None


def read_rows(
    content: bytes, *, name: str = "", fmt: str | None = None, required_columns=()
) -> list[RawRow]:
    """Parse CSV (header row) or JSON (a list of objects); check the columns a row needs exist."""
    if not content.strip():
        raise UnreadableFile("The file is empty.")
    text = decode(content)
    if b"\x00" in content:
        raise UnreadableFile("The file contains binary data; it is not a CSV or JSON file.")
    fmt = fmt or guess_format(name, text)
    if fmt not in FORMATS:
        raise UnreadableFile(f"Unknown format {fmt!r}: use csv or json.")
    rows = _read_json(text) if fmt == "json" else _read_csv(text)
    if required_columns and rows:
        present = set().union(*(row.values.keys() for row in rows))
        missing = [column for column in required_columns if column not in present]
        if missing:
            raise UnreadableFile(
                f"This does not look like a resource {fmt.upper()} file: "
                f"missing column(s) {', '.join(missing)}."
            )
    return rows


def _read_json(text: str) -> list[RawRow]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    if not isinstance(data, list):
        raise UnreadableFile("A JSON resource file must be a list of objects.")
    rows = []
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise UnreadableFile(f"Item {index} of the JSON list is not an object.")
        rows.append(RawRow(index, item))
    return rows


def _read_csv(text: str) -> list[RawRow]:
    # newline="" semantics: quoted fields keep their embedded CR/LF, records end at CRLF or LF.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise UnreadableFile(f"The file is not a readable CSV file ({exc}).") from None
    header = [column.strip() for column in header]
    if len(header) < 2:
        raise UnreadableFile("The file is not a CSV file with a header row of column names.")
    rows = []
    try:
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            values: dict[str, Any] = dict(zip(header, record, strict=False))
            if len(record) > len(header):
                values["__extra__"] = record[len(header) :]
            rows.append(RawRow(number, values))
    except csv.Error as exc:
        raise UnreadableFile(
            f"The CSV file is malformed near row {reader.line_num}: {exc}."
        ) from None
    return rows
