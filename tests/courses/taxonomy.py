"""Loads ESCO skills straight from the official CSV for tests (the real importer is issue 3's)."""

from pathlib import Path

import pandas as pd

from skills.models import Skill, Source


def load_esco_skills(data_dir: Path) -> int:
    frame = pd.read_csv(data_dir / "esco" / "skills_en.csv", dtype=str, keep_default_na=False)
    kinds = {"knowledge": Skill.Kind.KNOWLEDGE}
    Skill.objects.bulk_create(
        [
            Skill(
                uri=row.conceptUri,
                source=Source.ESCO,
                name=row.preferredLabel[:255],
                kind=kinds.get(row.skillType, Skill.Kind.SKILL),
                alt_labels=[label for label in row.altLabels.split("\n") if label.strip()],
            )
            for row in frame.itertuples()
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(frame)
