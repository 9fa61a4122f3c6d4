"""The stored transitions of a few real occupations, to judge them by eye (docs/transitions.md).

Reads the database DATABASE_URL names (a real-data one: `load_real_data ../shared/data` then
`import_exposure ../shared/data`). Prints, per case, the top moves with their score, the change
in published AI exposure (β points) and US pay, "safer", and the first missing skills.
Usage: DATABASE_URL=sqlite:////path/real.sqlite3 python bench/transitions_cases.py [--top 5]
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")

import django  # noqa: E402

django.setup()

from advisor.models import Transition  # noqa: E402
from skills.models import Occupation, Skill  # noqa: E402

CASES = [
    ("esco", "cargo vehicle driver"),
    ("onet", "Heavy and Tractor-Trailer Truck Drivers"),
    ("esco", "graphic designer"),
    ("onet", "Graphic Designers"),
    ("esco", "bank teller"),
    ("onet", "Tellers"),
    ("esco", "nurse responsible for general care"),
    ("onet", "Registered Nurses"),
    ("esco", "accountant"),
    ("onet", "Accountants and Auditors"),
    ("esco", "data entry clerk"),
    ("onet", "Data Entry Keyers"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=5)
    top = parser.parse_args().top
    for source, title in CASES:
        occupation = (
            Occupation.objects.filter(source=source, title__iexact=title, is_target=False)
            .order_by("id")
            .first()
        )
        if occupation is None:
            print(f"\n## {source}: {title} — not in this database")
            continue
        print(f"\n## {source}: {occupation.title}")
        moves = Transition.objects.filter(source=occupation).select_related("target")
        for t in moves.order_by("rank")[:top]:
            missing = Skill.objects.in_bulk([m[0] for m in t.missing[:3]])
            figures = ""
            if hasattr(t, "safer"):
                beta = "—" if t.exposure_change is None else f"{t.exposure_change * 100:+.0f}"
                pay = "—" if t.pay_change is None else f"{t.pay_change:+,}"
                figures = f" | β {beta} pts, pay {pay} $" + (" | SAFER" if t.safer else "")
            role = " [AI-era role]" if t.target.is_target else ""
            names = ", ".join(missing[m[0]].name for m in t.missing[:3] if m[0] in missing)
            print(f"{t.rank}. {t.target.title}{role} ({t.score:.2f}){figures} | to build: {names}")


if __name__ == "__main__":
    main()
