"""What an import did, per kind of row: created / updated / unchanged / skipped (with reasons)."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: Counter = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


@dataclass
class ImportReport:
    source: str
    tallies: dict[str, Tally] = field(default_factory=dict)
    seconds: float = 0.0

    def __getitem__(self, entity: str) -> Tally:
        return self.tallies.setdefault(entity, Tally())

    @property
    def created(self) -> int:
        return sum(t.created for t in self.tallies.values())

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated or t.deleted for t in self.tallies.values())

    def lines(self) -> list[str]:
        out = [f"{self.source} import finished in {self.seconds:.1f} s"]
        for entity, t in self.tallies.items():
            line = (
                f"  {entity}: {t.created} created, {t.updated} updated, "
                f"{t.unchanged} unchanged, {t.skipped_total} skipped"
            )
            if t.deleted:
                line += f", {t.deleted} removed (no longer in the files)"
            out.append(line)
            for reason, count in t.skipped.most_common():
                out.append(f"    skipped {count}: {reason}")
        if not self.changed:
            out.append("  nothing new: the catalogue already matched these files")
        return out
