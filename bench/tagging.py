"""Precision@5 of the skill-tag suggestions against the skills Coursera rows list.

Taxonomy: ESCO v1.1.1 skills read straight from ../shared/data/esco/skills_en.csv (no database
needed). Ground truth: for each Coursera row, each listed skill string is matched to ESCO skills:
an exact (case-insensitive) preferred or alternative label, else the best label by character
3–5-gram TF-IDF cosine if it reaches 0.8. Rows with at least one matched skill are scored.
Suggestions are made from the title and description only (the listed skills are hidden), and
precision@5 = matched skills among the top 5 / 5, averaged over scored rows; we also print
hit@5 (share of rows with at least one correct skill in the top 5) and recall@5.
Last stdout line: one JSON object.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
import pandas as pd  # noqa: E402

# The mapping helpers live in a Django app; the bench itself touches no database.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconversion.settings")
django.setup()

from courses.importing.mappings import skill_list  # noqa: E402
from courses.tagging import SkillTagger, normalise  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
TRUTH_SIMILARITY = 0.8


def load_esco() -> list[tuple[int, str, list[str]]]:
    frame = pd.read_csv(DATA / "esco" / "skills_en.csv", dtype=str, keep_default_na=False)
    return [
        (index, row.preferredLabel, [a for a in row.altLabels.split("\n") if a.strip()])
        for index, row in enumerate(frame.itertuples())
    ]


def ground_truth(tagger: SkillTagger, labels: dict[str, int], names: list[str]) -> set[int]:
    exact: set[int] = set()
    fuzzy: list[str] = []
    for name in names:
        key = normalise(name)
        if key in labels:
            exact.add(labels[key])
        else:
            fuzzy.append(key)
    if fuzzy:
        vectors = tagger.vectorizer.transform(fuzzy)
        similarities = (vectors @ tagger.label_matrix).toarray()
        for row in similarities:
            best = int(row.argmax())
            if row[best] >= TRUTH_SIMILARITY:
                exact.add(int(tagger.label_owner[best]))
    return {tagger.skill_ids[i] for i in exact}


def main() -> None:
    started = time.perf_counter()
    tagger = SkillTagger(load_esco())
    fit_seconds = time.perf_counter() - started
    frame = pd.read_csv(DATA / "courses" / "coursera_courses.csv", dtype=str, keep_default_na=False)
    labels: dict[str, int] = {}
    for text, owner in zip(tagger.label_texts, tagger.label_owner, strict=True):
        labels.setdefault(text, int(owner))
    precisions, recalls, hits, timings = [], [], [], []
    listed_rows = 0
    for row in frame.itertuples():
        names = skill_list(row.course_skills)
        if not names:
            continue
        listed_rows += 1
        truth = ground_truth(tagger, labels, names)
        if not truth:
            continue
        began = time.perf_counter()
        top = tagger.suggest(row.course_description, 5, title=row.course_title)
        timings.append(time.perf_counter() - began)
        correct = sum(1 for s in top if s.skill_id in truth)
        precisions.append(correct / 5)
        recalls.append(correct / len(truth))
        hits.append(1 if correct else 0)
    timings.sort()
    result = {
        "bench": "tagging",
        "taxonomy": "ESCO v1.1.1",
        "skills": len(tagger.skill_ids),
        "labels": len(tagger.label_texts),
        "coursera_rows_with_skills": listed_rows,
        "rows_scored": len(precisions),
        "precision_at_5": round(sum(precisions) / len(precisions), 4),
        "recall_at_5": round(sum(recalls) / len(recalls), 4),
        "hit_at_5": round(sum(hits) / len(hits), 4),
        "fit_seconds": round(fit_seconds, 2),
        "suggest_ms_p50": round(timings[len(timings) // 2] * 1000, 1),
        "suggest_ms_p95": round(timings[int(len(timings) * 0.95)] * 1000, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
