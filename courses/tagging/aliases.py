"""The curated alias table (courses/data/skill_aliases.csv): provider labels and phrases that name
one taxonomy skill, read by the tagger (in running text) and the linker (as provider topics)."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "skill_aliases.csv"
# Aliases below this are broad subject names ("Music", "Business Finance"): fine for a provider's
# topic, too loose to read in running text.
TEXT_ALIAS_MIN_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Alias:
    """One row of the curated alias table: a provider's label or a phrase → one skill."""

    label: str
    uri: str
    confidence: float
    language: str = "en"


def read_aliases(path: Path = ALIASES_FILE) -> list[Alias]:
    """The alias table (courses/data/skill_aliases.csv; rules in courses/data/README.md)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Alias(
                row["label"].strip(),
                row["uri"].strip(),
                float(row["confidence"]),
                "fr" if row.get("note", "").strip().upper().startswith("FR") else "en",
            )
            for row in csv.DictReader(handle)
            if row["label"].strip() and row["uri"].strip()
        ]


def alias_skill_ids(aliases: Iterable[Alias]) -> dict[str, int]:
    """uri → Skill pk for the aliases' skills present in the database."""
    from skills.models import Skill

    uris = {alias.uri for alias in aliases}
    return dict(Skill.objects.filter(uri__in=uris).values_list("uri", "id"))


def text_aliases(aliases: Iterable[Alias], ids: dict[str, int]) -> list[tuple[int, str, str]]:
    """The aliases sure enough to read in free text, in their language; English ones serve
    French text too ("machine learning", "Python" are written so in French)."""
    out = []
    for alias in aliases:
        if alias.confidence < TEXT_ALIAS_MIN_CONFIDENCE or alias.uri not in ids:
            continue
        out.append((ids[alias.uri], alias.label, alias.language))
        if alias.language == "en":
            out.append((ids[alias.uri], alias.label, "fr"))
    return out
