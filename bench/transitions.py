"""Transitions for every ESCO occupation, from ../shared/data/esco read directly with pandas.

Same engine function the worker runs (advisor.engine.transitions.compute_transitions), top 10
per occupation, ESCO essential → level 3 weight 1.0, optional → level 2 weight 0.5.
Last stdout line: {"occupations": …, "seconds": …, …}.
"""

import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.engine.transitions import compute_transitions  # noqa: E402

ESCO = Path(os.environ.get("ESCO_DIR", ROOT.parent / "shared" / "data" / "esco"))


def main() -> dict:
    t0 = time.perf_counter()
    occ = pd.read_csv(ESCO / "occupations_en.csv", dtype=str, keep_default_na=False)
    rel = pd.read_csv(ESCO / "occupationSkillRelations.csv", dtype=str, keep_default_na=False)
    load_s = time.perf_counter() - t0
    t = time.perf_counter()
    skill_id = {u: i for i, u in enumerate(rel["skillUri"].unique())}
    rel = rel[rel["occupationUri"].isin(set(occ["conceptUri"]))]
    essential = rel["relationType"].eq("essential")
    reqs: dict[str, list] = {u: [] for u in occ["conceptUri"]}
    for uri, skill, ess in zip(rel["occupationUri"], rel["skillUri"], essential, strict=True):
        reqs[uri].append((skill_id[skill], 3 if ess else 2, 1.0 if ess else 0.5))
    texts = (
        occ["preferredLabel"]
        + " "
        + occ["altLabels"].str.replace("\n", " ")
        + " "
        + occ["description"]
    ).tolist()
    rows = compute_transitions([reqs[u] for u in occ["conceptUri"]], texts, top_n=10)
    seconds = time.perf_counter() - t
    return {
        "occupations": len(occ),
        "transitions": len(rows),
        "seconds": round(seconds, 2),
        "csv_load_seconds": round(load_s, 2),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
