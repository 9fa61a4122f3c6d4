"""Precision of the skill links the catalogue gets, against our hand-labelled courses.

Truth: courses/data/labelled/courses.csv, 150 courses drawn at random (50 per scrape, seed 10,
see courses/data/labelled/README.md) and tagged by hand with the ESCO skills they teach; 50 form
the tuning part, 100 the held-out part. Only the held-out figure is reported as final.

Pipeline: exactly what `catalogue_link()` does, without writing. Every row of the three scrapes
goes through its import mapping, then the linker (provider labels through aliases, exact label,
key and fuzzy matching; the tagger on title and text in the row's language; twins collapsed),
with the boilerplate phrases computed over the whole catalogue as a real run does. A course's
links are its candidates at or above the acceptance threshold, best first (at most 8).

Metrics on the chosen part:
- precision@5: among a course's top min(5, n) links, the share that are right, averaged over
  the courses that get at least one link (a course with no link has no precision to measure;
  coverage says how many those are);
- strict precision@5: right links in the top 5 divided by 5, over all courses (what a list of
  five slots would show, empty slots counting as misses);
- recall@5 and hit@5 over the courses whose truth is not empty.

Needs a database with the taxonomy (ESCO, its French labels, O*NET, twins): e.g. after
`python manage.py load_real_data ../shared/data`, or import_esco (en and --language fr),
import_onet. `--sweep` prints the figures for a range of thresholds (calibration: tuning part).
Last stdout line: one JSON object.
"""

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")
django.setup()

import pandas as pd  # noqa: E402

from courses import linking  # noqa: E402
from courses.importing.mappings import MAPPINGS  # noqa: E402
from skills.models import Skill  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
LABELLED = ROOT / "courses" / "data" / "labelled" / "courses.csv"
SCRAPES = ("coursera", "edx", "udemy")


def catalogue_rows() -> dict[tuple[str, int], dict]:
    """Every scraped row as the importer stores it, keyed by (scrape, 1-based data row + 1)."""
    rows = {}
    for scrape in SCRAPES:
        frame = pd.read_csv(
            DATA / "courses" / f"{scrape}_courses.csv", dtype=str, keep_default_na=False
        )
        mapping = MAPPINGS[scrape]
        for number, record in enumerate(frame.to_dict("records"), start=2):
            values = mapping.convert(record)
            rows[(scrape, number)] = {
                "title": values["title"].strip(),
                "description": values["description"].strip(),
                "topics": values.get("topics", []),
                "language": values["language"] or "en",
            }
    return rows


def evaluate(links: dict, truth: dict, keys: list) -> dict:
    precisions, strict, recalls, hits = [], [], [], []
    correct_links = total_links = 0
    for key in keys:
        top = links[key][:5]
        right = sum(1 for uri in top if uri in truth[key])
        correct_links += right
        total_links += len(top)
        strict.append(right / 5)
        if top:
            precisions.append(right / len(top))
        if truth[key]:
            recalls.append(right / len(truth[key]))
            hits.append(1 if right else 0)
    mean = lambda values: round(sum(values) / len(values), 4) if values else 0.0  # noqa: E731
    return {
        "courses": len(keys),
        "courses_with_links": len(precisions),
        "coverage": round(len(precisions) / len(keys), 4) if keys else 0.0,
        "precision_at_5": mean(precisions),
        "strict_precision_at_5": mean(strict),
        "link_precision_top5": round(correct_links / total_links, 4) if total_links else 0.0,
        "recall_at_5": mean(recalls),
        "hit_at_5": mean(hits),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("heldout", "tune", "all"), default="heldout")
    parser.add_argument("--sweep", action="store_true", help="figures per acceptance threshold")
    parser.add_argument("--show", action="store_true", help="print each course's links")
    parser.add_argument(
        "--coverage", action="store_true", help="also the share of all rows that get a link"
    )
    args = parser.parse_args()
    if not Skill.objects.filter(source="esco").exists():
        sys.exit("No ESCO skills in the database: load the taxonomy first (see the docstring).")

    labelled = list(csv.DictReader(LABELLED.open(encoding="utf-8")))
    truth = {(r["provider"], int(r["row"])): set(r["uris"].split()) for r in labelled}
    keys = [
        (r["provider"], int(r["row"]))
        for r in labelled
        if args.part == "all" or r["part"] == args.part
    ]
    started = time.perf_counter()
    rows = catalogue_rows()
    linker = linking.Linker.from_database()
    order = list(rows)
    boilerplate = linker.boilerplate([rows[k] for k in order])
    wanted = order if args.coverage else [k for k in order if k in truth]
    candidates = dict(
        zip(wanted, linker.candidates([rows[k] for k in wanted], boilerplate), strict=True)
    )
    seconds = time.perf_counter() - started
    uris = dict(Skill.objects.values_list("id", "uri"))
    names = dict(Skill.objects.values_list("id", "name"))

    def links_at(threshold: float) -> dict:
        saved = linking.ACCEPT_CONFIDENCE
        linking.ACCEPT_CONFIDENCE = threshold
        try:
            return {
                key: [uris[c.skill_id] for c in linker.accepted(found)]
                for key, found in candidates.items()
            }
        finally:
            linking.ACCEPT_CONFIDENCE = saved

    if args.sweep:
        for threshold in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
            print(threshold, json.dumps(evaluate(links_at(threshold), truth, keys)))
    links = links_at(linking.ACCEPT_CONFIDENCE)
    if args.show:
        for key in keys:
            title = rows[key]["title"][:70]
            print(f"{key[0]}:{key[1]} {title}")
            for c in [c for c in candidates[key] if c.confidence >= linking.SUGGEST_CONFIDENCE][:8]:
                mark = "✓" if uris[c.skill_id] in truth[key] else "✗"
                accepted = "*" if c.confidence >= linking.ACCEPT_CONFIDENCE else " "
                print(f"   {mark}{accepted} {c.confidence:.2f} {names[c.skill_id]} ({c.evidence})")
    extra = {}
    if args.coverage:
        linked = sum(1 for found in candidates.values() if linker.accepted(found))
        extra["catalogue_rows_linked"] = round(linked / len(candidates), 4)
    result = {
        "bench": "tagging",
        "labelled_set": str(LABELLED.relative_to(ROOT)),
        "part": args.part,
        "accept_confidence": linking.ACCEPT_CONFIDENCE,
        **evaluate(links, truth, keys),
        "catalogue_rows": len(rows),
        "seconds": round(seconds, 1),
        **extra,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
