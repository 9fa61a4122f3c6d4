"""Draws the labelled set's courses: 50 per scrape, at random with a fixed seed (10).

Run from the repository root: `python courses/data/labelled/sample.py ../shared/data/courses`.
Each scrape is read as pandas reads it (dtype=str, keep_default_na=False), exact duplicate rows
(Udemy) and duplicate URLs (edX) dropped keeping the first, then `DataFrame.sample(50,
random_state=10)`. The 150 rows are then shuffled together (numpy default_rng(10)) and the first
50 form the tuning part, the other 100 the held-out part. Prints one CSV line per row:
provider, row (the file's 1-based data row number, as import reports count), title, part.
"""

import csv
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 10
PER_SCRAPE = 50
TUNING = 50
URL_COLUMN = {"coursera": "course_url", "edx": "course_url", "udemy": "url"}


def draw(folder: Path) -> list[dict]:
    rows = []
    for provider, url in URL_COLUMN.items():
        frame = pd.read_csv(folder / f"{provider}_courses.csv", dtype=str, keep_default_na=False)
        frame["row"] = range(2, len(frame) + 2)  # header is line 1
        frame = frame.drop_duplicates(subset=url, keep="first")
        picked = frame.sample(PER_SCRAPE, random_state=SEED)
        title = "title" if provider == "edx" else "course_title"
        for record in picked.itertuples():
            rows.append(
                {
                    "provider": provider,
                    "row": record.row,
                    "url": getattr(record, url),
                    "title": getattr(record, title),
                }
            )
    order = np.random.default_rng(SEED).permutation(len(rows))
    shuffled = [rows[i] for i in order]
    for position, row in enumerate(shuffled):
        row["part"] = "tune" if position < TUNING else "heldout"
    return shuffled


if __name__ == "__main__":
    writer = csv.DictWriter(sys.stdout, fieldnames=["provider", "row", "url", "title", "part"])
    writer.writeheader()
    writer.writerows(draw(Path(sys.argv[1])))
