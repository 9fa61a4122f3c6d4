"""Transitions for every ESCO occupation, from ../shared/data/esco read directly with pandas.

Same engine function the worker runs (advisor.engine.transitions.compute_transitions), top 10
per occupation plus reachable AI-era roles of skills/data/ai_roles.json; ESCO essential →
level 3 weight 1.0, optional → level 2 weight 0.5 (as skills/importers/esco.py stores them);
generic = reuse level "transversal", in transversalSkillsCollection_en.csv, or common
(engine.common_skills). No published
figures here (they come from the database): the figure is the similarity and listing work.
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

from advisor.engine.transitions import (  # noqa: E402
    Job,
    SkillKinds,
    common_skills,
    compute_transitions,
)

ESCO = Path(os.environ.get("ESCO_DIR", ROOT.parent / "shared" / "data" / "esco"))
ROLES = ROOT / "skills" / "data" / "ai_roles.json"


def read_esco(folder: Path = ESCO) -> dict:
    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(folder / name, dtype=str, keep_default_na=False)

    return {
        "occ": read("occupations_en.csv"),
        "rel": read("occupationSkillRelations.csv"),
        "skills": read("skills_en.csv"),
        "transversal": read("transversalSkillsCollection_en.csv"),
        "roles": json.loads(ROLES.read_text())["roles"],
    }


def esco_jobs(tables: dict) -> tuple[list[Job], SkillKinds]:
    """The ESCO occupations, then the AI-era roles extending one of them, as engine input."""
    occ, rel, skills = tables["occ"], tables["rel"], tables["skills"]
    transversal, roles = tables["transversal"], tables["roles"]
    skill_id: dict[str, int] = {}
    for uri in [*skills["conceptUri"], *rel["skillUri"]]:
        skill_id.setdefault(uri, len(skill_id))
    generic = {
        skill_id[u] for u in skills.loc[skills["reuseLevel"].eq("transversal"), "conceptUri"]
    } | {skill_id[u] for u in transversal["conceptUri"] if u in skill_id}
    competences = {
        skill_id[u] for u in skills.loc[skills["skillType"].eq("skill/competence"), "conceptUri"]
    }
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
    index = {u: i for i, u in enumerate(occ["conceptUri"])}
    generic |= common_skills(
        [reqs[u] for u in occ["conceptUri"]], occ["iscoGroup"].str[:1].tolist(), competences
    )
    jobs = [Job(reqs[u], text) for u, text in zip(occ["conceptUri"], texts, strict=True)]
    for role in roles:
        extends = index.get(role["extends"]["uri"])
        own = [
            (skill_id.setdefault(s["uri"], len(skill_id)), s["level"], s["weight"])
            for s in role["skills"]
        ]
        if extends is not None:
            jobs.append(Job(own, f"{role['title']} {role['description']}", extends=extends))
    return jobs, SkillKinds(generic=frozenset(generic))


def main() -> dict:
    t0 = time.perf_counter()
    tables = read_esco()
    load_s = time.perf_counter() - t0
    t = time.perf_counter()
    jobs, kinds = esco_jobs(tables)
    generic = kinds.generic
    rows = compute_transitions(jobs, kinds, top_n=10)
    seconds = time.perf_counter() - t
    occ = tables["occ"]
    overlap = sum(len(set(r.shared) & {s for s, _l in r.missing}) for r in rows)
    return {
        "occupations": len(occ),
        "roles": len(jobs) - len(occ),
        "transitions": len(rows),
        "to_ai_era_roles": sum(r.is_target for r in rows),
        "sources_with_a_role": len({r.source for r in rows if r.is_target}),
        "missing_also_shared": overlap,
        "generic_listed_missing": sum(s in generic for r in rows for s, _l in r.missing),
        "seconds": round(seconds, 2),
        "csv_load_seconds": round(load_s, 2),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
