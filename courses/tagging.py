"""Skill-tag suggestions: which taxonomy skills a piece of text (a course, a CV) is about.

Method: every skill label and alternative label becomes a TF-IDF vector of character n-grams
(3–5 characters inside word boundaries), so "data analysis" still meets "analyse data" and
plurals or spelling variants cost little. From the text we take candidate phrases (1–4 word
n-grams not starting or ending with a stop word), vectorise them the same way, and keep, for each
candidate, the labels whose cosine similarity passes a threshold. A skill's score is its best
match, raised a little when the phrase recurs or appears in the title: a number in 0–1.

Reusable by any app: `suggest_skills(text, limit)` proposes skills for free text (the job-seeker's
"paste your CV" feature calls it), backed by a model built once per process from the taxonomy
and rebuilt when the taxonomy changes.
"""

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

MIN_SIMILARITY = 0.72
MAX_TEXT_CHARS = 6000
MAX_NGRAM = 4
_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.'’-][a-z0-9+#]+)*", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
# Words that make a phrase generic however it is cut; kept out of candidate phrase edges.
STOP_WORDS = ENGLISH_STOP_WORDS | {
    "learn",
    "learning",
    "course",
    "courses",
    "students",
    "student",
    "module",
    "modules",
    "week",
    "weeks",
    "will",
    "use",
    "using",
    "skills",
    "skill",
    "introduction",
    "understand",
    "understanding",
    "including",
    "new",
    "basic",
    "basics",
    "offered",
}


@dataclass(frozen=True)
class Suggestion:
    """A skill the text is probably about: `score` 0–1, `evidence` the phrase that matched."""

    skill_id: int
    score: float
    label: str = ""
    evidence: str = ""


def normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def candidate_phrases(text: str, *, max_ngram: int = MAX_NGRAM) -> Counter:
    """1–4 word phrases of the text that do not start or end with a stop word, with counts."""
    phrases: Counter = Counter()
    for sentence in re.split(r"[\n\r.;:!?•·|()\[\]\"]+", text.lower()):
        words = _WORD.findall(sentence)
        for size in range(1, max_ngram + 1):
            for start in range(len(words) - size + 1):
                first, last = words[start], words[start + size - 1]
                if first in STOP_WORDS or last in STOP_WORDS:
                    continue
                if size == 1 and (len(first) < 3 or first.isdigit()):
                    continue
                phrases[" ".join(words[start : start + size])] += 1
    return phrases


class SkillTagger:
    """A fitted model over one taxonomy. `skills` yields (skill_id, label, alternative labels)."""

    def __init__(
        self,
        skills: Iterable[tuple[int, str, Iterable[str]]],
        *,
        min_similarity: float = MIN_SIMILARITY,
    ):
        self.min_similarity = min_similarity
        self.skill_ids: list[int] = []
        self.skill_labels: list[str] = []
        label_texts: list[str] = []
        label_owner: list[int] = []
        for skill_id, label, alt_labels in skills:
            index = len(self.skill_ids)
            self.skill_ids.append(skill_id)
            self.skill_labels.append(label)
            variants = {normalise(label)}
            for alt in alt_labels or []:
                variants.add(normalise(str(alt)))
            # "Python (computer programming)" is also just "Python" in course text.
            variants |= {normalise(_PARENTHESES.sub("", v)) for v in [label, *(alt_labels or [])]}
            for variant in variants:
                if len(variant) >= 2:
                    label_texts.append(variant)
                    label_owner.append(index)
        self.label_texts = label_texts
        self.label_owner = np.asarray(label_owner, dtype=np.int64)
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        self.label_matrix = (
            self.vectorizer.fit_transform(label_texts).T.tocsr() if label_texts else None
        )

    def match(self, phrases: list[str]):
        """Sparse (phrase × label) cosine similarities, thresholded."""
        vectors = self.vectorizer.transform(phrases)
        similarities = (vectors @ self.label_matrix).tocoo()
        keep = similarities.data >= self.min_similarity
        return similarities.row[keep], similarities.col[keep], similarities.data[keep]

    def suggest(self, text: str, limit: int = 10, *, title: str = "") -> list[Suggestion]:
        """The `limit` skills the text most likely covers, best first."""
        if self.label_matrix is None or limit <= 0:
            return []
        body = candidate_phrases(f"{title}\n{text}"[:MAX_TEXT_CHARS])
        if not body:
            return []
        in_title = set(candidate_phrases(title)) if title else set()
        phrases = list(body)
        rows, cols, sims = self.match(phrases)
        best: dict[int, tuple[float, str]] = {}
        for row, col, sim in zip(rows, cols, sims, strict=True):
            phrase = phrases[row]
            boost = 0.1 * math.log1p(body[phrase] - 1) + (0.1 if phrase in in_title else 0.0)
            # Longer phrases carry more meaning than a single generic word.
            boost += 0.05 * min(phrase.count(" "), 2)
            score = min(1.0, float(sim) * (0.85 + boost))
            owner = int(self.label_owner[col])
            if score > best.get(owner, (0.0, ""))[0]:
                best[owner] = (score, phrase)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], self.skill_labels[item[0]]))
        return [
            Suggestion(self.skill_ids[i], round(score, 4), self.skill_labels[i], phrase)
            for i, (score, phrase) in ranked[:limit]
        ]


_cache: dict[str, object] = {}
_cache_lock = threading.Lock()


def taxonomy_tagger() -> SkillTagger:
    """The tagger for the skills in the database, rebuilt when the taxonomy changes."""
    from django.db.models import Count, Max

    from skills.models import Skill

    stamp = Skill.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    version = f"{stamp['n']}:{stamp['last']}"
    with _cache_lock:
        if _cache.get("version") != version:
            rows = Skill.objects.order_by("id").values_list("id", "name", "alt_labels")
            _cache["tagger"] = SkillTagger(rows.iterator(chunk_size=5000))
            _cache["version"] = version
        return _cache["tagger"]


def suggest_skills(text: str, limit: int = 10, *, title: str = "") -> list[Suggestion]:
    """Propose up to `limit` taxonomy skills for free text (course description, CV…), best first.

    Each Suggestion has `skill_id` (a skills.Skill pk), `score` (0–1), `label` and `evidence`
    (the phrase of the text that matched).
    """
    return taxonomy_tagger().suggest(text or "", limit, title=title)
