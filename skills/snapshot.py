"""The ESCO taxonomy (English and French) shipped in the repo as one compressed file, so that a
fresh install holds the real occupations and skills without downloading anything.

The snapshot holds exactly the tables and columns the ESCO importer reads (skills/importers/
esco_files.py, `table_columns`), nothing else; loading it runs that same importer, so a row loaded
from the snapshot is the row `import_esco` would write from the official files. Format (JSON,
gzip): `format`, `name`, `attribution`, `sources` (each file read, with its MD5), `uris` (every
concept URI once) and `tables` → language → table → column → values, where a column whose name
ends in "Uri"/"URI" holds indexes into `uris` (a URI is 70 characters, an index 1–5).
Building twice from the same files gives the same bytes (sorted keys, gzip without a date).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.db import transaction
from tqdm import tqdm

from .importers.esco import import_esco_tables
from .importers.esco_files import esco_files, table_columns
from .importers.files import read_table
from .importers.report import ImportReport
from .models import OCCUPATION_ALIASES_FILE, Occupation, SnapshotLoad, Source

SNAPSHOT_FILE = Path(__file__).resolve().parent / "data" / "esco_snapshot.json.gz"
FORMAT = 1
LANGUAGES = {"en": "esco", "fr": "esco-fr"}  # language → its folder under the data folder
NAME = "ESCO v1.1.1 (occupations, skills, skill groups, relations; English and French labels)"
ATTRIBUTION = (
    "ESCO classification v1.1.1, © European Union, https://esco.ec.europa.eu — reuse "
    "authorised by Commission Decision 2011/833/EU; French skill labels from an ESCO v1.0.x "
    "release. Columns selected and re-encoded by Reconversion; labels and relations unchanged."
)


class SnapshotError(Exception):
    """The snapshot cannot be built or loaded as it stands; the message says why and where."""


def _is_uri_column(name: str) -> bool:
    return name.endswith(("Uri", "URI"))


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot_build(data_dir: Path, output: Path = SNAPSHOT_FILE) -> dict:
    """Write the snapshot of `data_dir`/esco and `data_dir`/esco-fr to `output`; returns a
    summary (rows per table, bytes). Reads and checks every file before writing."""
    data_dir = Path(data_dir)
    frames: dict[str, dict[str, pd.DataFrame]] = {}
    sources = {}
    for language, folder in LANGUAGES.items():
        columns = table_columns(language)
        frames[language] = {}
        for table, path in esco_files(data_dir / folder, language).items():
            frames[language][table] = read_table(path, columns[table])
            sources[f"{folder}/{path.name}"] = _md5(path)

    uris = sorted(
        {
            value
            for tables in frames.values()
            for frame in tables.values()
            for column in frame.columns
            if _is_uri_column(column)
            for value in frame[column]
        }
    )
    index = {uri: i for i, uri in enumerate(uris)}
    encoded = {
        language: {
            table: {
                column: (
                    [index[v] for v in frame[column]]
                    if _is_uri_column(column)
                    else frame[column].tolist()
                )
                for column in frame.columns
            }
            for table, frame in tables.items()
        }
        for language, tables in frames.items()
    }
    document = {
        "format": FORMAT,
        "name": NAME,
        "attribution": ATTRIBUTION,
        "sources": sources,
        "uris": uris,
        "tables": encoded,
    }
    raw = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    buffer = io.BytesIO()
    # mtime=0 and no file name in the header: the same files always give the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(raw.encode("utf-8"))
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(buffer.getvalue())
    return {
        "file": str(output),
        "bytes": len(buffer.getvalue()),
        "uncompressed_bytes": len(raw.encode("utf-8")),
        "rows": {
            f"{language}/{table}": len(frame)
            for language, tables in frames.items()
            for table, frame in tables.items()
        },
        "sha256": hashlib.sha256(buffer.getvalue()).hexdigest(),
    }


def snapshot_read(path: Path = SNAPSHOT_FILE) -> tuple[dict, dict[str, dict[str, pd.DataFrame]]]:
    """The snapshot's header and its tables, shaped as `read_esco` returns them; SnapshotError
    naming the table and column when the file does not hold what the importer reads."""
    path = Path(path)
    try:
        document = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except FileNotFoundError as exc:
        raise SnapshotError(f"{path}: file is missing") from exc
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"{path}: not a gzip'd JSON snapshot ({exc})") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SnapshotError(f"{path}: not a snapshot of format {FORMAT}")
    uris = document["uris"]
    tables: dict[str, dict[str, pd.DataFrame]] = {}
    for language in LANGUAGES:
        tables[language] = {}
        stored = document["tables"].get(language, {})
        for table, columns in table_columns(language).items():
            data = stored.get(table)
            if data is None:
                raise SnapshotError(f"{path}: table {language}/{table} is missing; {REBUILD}")
            missing = [c for c in columns if c not in data]
            if missing:
                raise SnapshotError(
                    f"{path}: table {language}/{table} lacks column(s) {', '.join(missing)}; "
                    f"{REBUILD}"
                )
            tables[language][table] = pd.DataFrame(
                {c: [uris[i] for i in data[c]] if _is_uri_column(c) else data[c] for c in columns},
                dtype=str,
            )
    return document, tables


REBUILD = "rebuild it: python manage.py taxonomy_snapshot build ../shared/data"


@dataclass
class LoadResult:
    status: str  # "loaded", "already loaded", "imported from files"
    reports: list[ImportReport] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return any(report.changed for report in self.reports)


def snapshot_load(
    path: Path = SNAPSHOT_FILE, *, force: bool = False, show_progress: bool = True
) -> LoadResult:
    """Load the snapshot into the database through the ESCO importer, all or nothing.

    A no-op when this very file (by SHA-256) was loaded before, and when ESCO was imported
    from the official files instead (perhaps a newer release: the snapshot never overwrites
    it); `force` loads anyway. Hand-edited rows stay as they are, as with `import_esco`.
    """
    started = time.monotonic()
    path = Path(path)
    try:
        # Our occupation aliases feed the search columns the load writes: a new version of
        # them makes the same snapshot worth loading again.
        digest = hashlib.sha256(
            path.read_bytes() + OCCUPATION_ALIASES_FILE.read_bytes()
        ).hexdigest()
    except FileNotFoundError as exc:
        raise SnapshotError(f"{exc.filename}: file is missing") from exc
    if not force:
        if SnapshotLoad.objects.filter(digest=digest).exists():
            return LoadResult("already loaded", seconds=time.monotonic() - started)
        from_files = not SnapshotLoad.objects.exists()
        if from_files and Occupation.objects.filter(source=Source.ESCO).exists():
            return LoadResult("imported from files", seconds=time.monotonic() - started)

    stages = ["read the snapshot", "English (en)", "French labels (fr)"]
    result = LoadResult("loaded")
    with tqdm(
        total=len(stages), desc="ESCO snapshot", unit="stage", disable=not show_progress
    ) as bar:
        bar.set_postfix_str(stages[0])
        document, tables = snapshot_read(path)
        bar.update(1)
        with transaction.atomic():
            for language, stage in zip(LANGUAGES, stages[1:], strict=True):
                bar.set_postfix_str(stage)
                result.reports.append(
                    import_esco_tables(
                        tables[language], language=language, show_progress=show_progress
                    )
                )
                bar.update(1)
            counts = {
                f"{language}/{table}": len(frame)
                for language, language_tables in tables.items()
                for table, frame in language_tables.items()
            }
            SnapshotLoad.objects.update_or_create(
                digest=digest, defaults={"name": document["name"], "counts": counts}
            )
    result.seconds = time.monotonic() - started
    return result
