"""Provider labels ("topics": Coursera skill strings, edX and Udemy subjects) → skill candidates.

In this order: our curated alias table (origin "alias"); a taxonomy label written the same way
(origin "provider"); the same words in another order or inflection (origin "fuzzy"); a close
spelling by character n-grams, one TF-IDF transform for every label of the batch (origin
"fuzzy"). Used by courses.linking.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..models import ResourceSkill
from . import SkillTagger, normalise

# Confidence by how a provider label met its skill.
PREFERRED_LABEL_CONFIDENCE = 0.95
ALT_LABEL_CONFIDENCE = 0.9
KEY_MATCH_CONFIDENCE = 0.85
# Character n-gram cosine from which two spellings name one skill; confidence = cosine × factor.
FUZZY_MIN_SIMILARITY = 0.8
FUZZY_FACTOR = 0.9


@dataclass
class Candidate:
    skill_id: int
    confidence: float
    origin: str
    evidence: str


class TopicResolver:
    """Provider labels → skill candidates (alias, exact label, key, close spelling)."""

    def __init__(self, tagger: SkillTagger, labels: Iterable, aliases, alias_ids: dict[str, int]):
        self.tagger = tagger
        self.aliases: dict[str, list[tuple[int, float]]] = {}
        for alias in aliases:
            skill_id = tagger.owner_of.get(alias_ids.get(alias.uri))
            if skill_id is not None:
                self.aliases.setdefault(normalise(alias.label), []).append(
                    (tagger.skill_ids[skill_id], alias.confidence)
                )
        # Exact labels, English: preferred first, ESCO first; a label several skills share
        # equally is ambiguous and left to the later steps.
        preferred: dict[str, set[int]] = {}
        alternative: dict[str, set[int]] = {}
        texts: list[str] = []
        owners: list[int] = []
        for row in labels:
            owner = tagger.owner_of.get(row.skill_id)
            if owner is None or not row.taggable:
                continue
            for text, is_preferred in [(row.label, True), *((a, False) for a in row.alt_labels)]:
                norm = normalise(text)
                if not norm:
                    continue
                (preferred if is_preferred else alternative).setdefault(norm, set()).add(owner)
                if row.esco:
                    texts.append(norm)
                    owners.append(owner)
        self.preferred = preferred
        self.alternative = alternative
        self.label_owners = np.asarray(owners, dtype=np.int64)
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        self.label_matrix = self.vectorizer.fit_transform(texts).T.tocsr() if texts else None

    def resolve(self, topics: Iterable[str]) -> dict[str, list[Candidate]]:
        """Every distinct topic → its candidates (empty when nothing matched)."""
        found: dict[str, list[Candidate]] = {}
        unresolved: list[str] = []
        for topic in dict.fromkeys(topics):
            norm = normalise(topic)
            candidates = [
                Candidate(skill_id, confidence, ResourceSkill.Origin.ALIAS, f"topic: {topic}")
                for skill_id, confidence in self.aliases.get(norm, [])
            ]
            if not candidates:
                candidates = self._exact(topic, norm)
            found[topic] = candidates
            if not candidates and norm:
                unresolved.append(topic)
        if unresolved and self.label_matrix is not None:
            # One transform and one product for the whole batch, not one per row.
            vectors = self.vectorizer.transform([normalise(t) for t in unresolved])
            similarities = vectors @ self.label_matrix
            for row, topic in enumerate(unresolved):
                line = similarities.getrow(row)
                if not line.nnz:
                    continue
                best = int(line.indices[line.data.argmax()])
                similarity = float(line.data.max())
                if similarity >= FUZZY_MIN_SIMILARITY:
                    owner = int(self.label_owners[best])
                    found[topic] = [
                        Candidate(
                            self.tagger.skill_ids[owner],
                            round(similarity * FUZZY_FACTOR, 4),
                            ResourceSkill.Origin.FUZZY,
                            f"topic: {topic} ≈ {self.tagger.skill_labels[owner]}",
                        )
                    ]
        return found

    def _exact(self, topic: str, norm: str) -> list[Candidate]:
        for index, confidence in (
            (self.preferred, PREFERRED_LABEL_CONFIDENCE),
            (self.alternative, ALT_LABEL_CONFIDENCE),
        ):
            owners = index.get(norm) or index.get(normalise(_bare(topic))) or set()
            if len(owners) == 1:
                owner = next(iter(owners))
                return [
                    Candidate(
                        self.tagger.skill_ids[owner],
                        confidence,
                        ResourceSkill.Origin.PROVIDER,
                        f"topic: {topic}",
                    )
                ]
        entries = self.tagger.lookup(topic, "en")
        return [
            Candidate(
                self.tagger.skill_ids[entry.owner],
                KEY_MATCH_CONFIDENCE,
                ResourceSkill.Origin.FUZZY,
                f"topic: {topic} ~ {self.tagger.skill_labels[entry.owner]}",
            )
            for entry in entries[:1]
        ]


def _bare(text: str) -> str:
    """'Artificial Intelligence (AI)' → 'Artificial Intelligence'."""
    return text.split("(")[0].strip() if "(" in text else text
