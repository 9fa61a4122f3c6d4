"""AI exposure: how much AI augments or automates a skill, an occupation or a role (0–1).

The rule (documented in README.md, "AI exposure"), over imported data only:

* a skill flagged AI/data (`is_ai`) scores 1.0: it *is* the work AI tools do or need;
* an O*NET hot technology scores 0.8, any other digital skill or software tool 0.6;
* any other skill scores half the digital intensity of the occupations that require it
  (weight-averaged), where an occupation's digital intensity is the weighted share of its
  required skills that are digital or AI. A skill no occupation requires stays unknown (null);
* an occupation or AI-era role scores the weight-averaged exposure of its required skills.

It is a proxy built from labels and collections, not a measured automation risk.
"""

import numpy as np
import pandas as pd
from django.db import transaction

from .models import Occupation, OccupationSkill, Skill

AI_SCORE = 1.0
HOT_TOOL_SCORE = 0.8
DIGITAL_SCORE = 0.6
SPILLOVER = 0.5
DECIMALS = 3


def skill_exposure(skills: pd.DataFrame, relations: pd.DataFrame) -> pd.Series:
    """Exposure per skill id. `skills`: id, is_ai, is_digital, is_hot, kind;
    `relations`: occupation_id, skill_id, weight. Pure: no database."""
    skills = skills.set_index("id")
    digital = skills["is_ai"] | skills["is_digital"] | (skills["kind"] == Skill.Kind.TOOL)
    base = pd.Series(np.nan, index=skills.index)
    base[digital] = DIGITAL_SCORE
    base[skills["is_hot"]] = HOT_TOOL_SCORE
    base[skills["is_ai"]] = AI_SCORE
    if relations.empty:
        return base.round(DECIMALS)
    rel = relations.assign(digital=relations["skill_id"].map(digital).fillna(False).astype(float))
    rel["wd"] = rel["weight"] * rel["digital"]
    per_occ = rel.groupby("occupation_id")[["wd", "weight"]].sum()
    intensity = per_occ["wd"] / per_occ["weight"]
    rel["intensity"] = rel["occupation_id"].map(intensity)
    rel["wi"] = rel["weight"] * rel["intensity"]
    per_skill = rel.groupby("skill_id")[["wi", "weight"]].sum()
    spill = SPILLOVER * per_skill["wi"] / per_skill["weight"]
    return base.fillna(spill.reindex(base.index)).round(DECIMALS)


def occupation_exposure(skill_scores: pd.Series, relations: pd.DataFrame) -> pd.Series:
    """Weighted mean of the required skills' exposure per occupation id (unknowns ignored)."""
    rel = relations.assign(score=relations["skill_id"].map(skill_scores)).dropna(subset=["score"])
    if rel.empty:
        return pd.Series(dtype=float)
    rel["ws"] = rel["weight"] * rel["score"]
    per_occ = rel.groupby("occupation_id")[["ws", "weight"]].sum()
    return (per_occ["ws"] / per_occ["weight"]).round(DECIMALS)


def _changed(old, new) -> bool:
    old_missing, new_missing = old is None, new is None or pd.isna(new)
    if old_missing or new_missing:
        return old_missing != new_missing
    return abs(old - new) > 1e-9


@transaction.atomic
def exposure_recompute() -> dict[str, int]:
    """Recompute and store every exposure; writes only rows whose figure changed.

    Hand-edited (curated) rows keep the figure a curator gave them. Returns rows updated.
    """
    skills = pd.DataFrame.from_records(
        Skill.objects.values_list("id", "is_ai", "is_digital", "is_hot", "kind"),
        columns=["id", "is_ai", "is_digital", "is_hot", "kind"],
    )
    relations = pd.DataFrame.from_records(
        OccupationSkill.objects.values_list("occupation_id", "skill_id", "weight"),
        columns=["occupation_id", "skill_id", "weight"],
    )
    if skills.empty:
        return {"skills": 0, "occupations": 0}
    skill_scores = skill_exposure(skills, relations)
    occ_scores = occupation_exposure(skill_scores, relations)
    updated = {}
    for model, scores, name in (
        (Skill, skill_scores, "skills"),
        (Occupation, occ_scores, "occupations"),
    ):
        changed = []
        for obj in model.objects.filter(curated=False).only("id", "ai_exposure"):
            new = scores.get(obj.id)
            new = None if new is None or pd.isna(new) else float(new)
            if _changed(obj.ai_exposure, new):
                obj.ai_exposure = new
                changed.append(obj)
        model.objects.bulk_update(changed, ["ai_exposure"], batch_size=2000)
        updated[name] = len(changed)
    return updated
