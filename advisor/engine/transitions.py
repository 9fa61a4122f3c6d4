"""Transitions between occupations of one taxonomy, from our own similarity.

score = SKILL_WEIGHT × skill similarity + TEXT_WEIGHT × text similarity, where
- skill similarity is the cosine between required-skill vectors whose entries are
  level × weight × idf(skill) (idf = log(N / occupations requiring the skill): ubiquitous
  skills such as "communicate" say little about a move);
- text similarity is the TF-IDF cosine of title, alternative titles and description.
Never reads a published list of related occupations, so ESCO and O*NET get the same method.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

SKILL_WEIGHT = 0.7
TEXT_WEIGHT = 0.3
SKILLS_LISTED = 10
CHUNK = 512


@dataclass
class TransitionRow:
    source: int  # index into the occupations given
    target: int
    rank: int
    score: float
    skill_score: float
    text_score: float
    shared: list[int]  # skill ids both require, the target's heaviest first
    missing: list[tuple[int, int]]  # (skill id, level the target needs), heaviest first


def compute_transitions(
    occupation_skills: Sequence[Sequence[tuple[int, int, float]]],
    texts: Sequence[str],
    top_n: int = 10,
) -> list[TransitionRow]:
    """occupation_skills[i]: the (skill id, level, weight) occupation i requires; texts[i]: its
    title, alternative titles and description. Returns the top_n moves from every occupation."""
    n = len(occupation_skills)
    if n < 2:
        return []
    skill_ids = sorted({s for reqs in occupation_skills for s, _l, _w in reqs})
    col = {s: j for j, s in enumerate(skill_ids)}
    rows, cols, vals = [], [], []
    for i, reqs in enumerate(occupation_skills):
        for s, level, weight in reqs:
            rows.append(i)
            cols.append(col[s])
            vals.append(max(level, 1) * weight)
    m = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(skill_ids)), dtype=np.float64)
    df = np.asarray((m > 0).sum(0)).ravel()
    idf = np.log((n + 1) / (df + 1)) + 1.0
    skills_n = normalize(m @ sp.diags(idf), norm="l2")
    try:
        tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2, dtype=np.float32)
        text_n = tfidf.fit_transform(texts)
    except ValueError:  # empty vocabulary: texts say nothing
        text_n = sp.csr_matrix((n, 1), dtype=np.float32)
    top_n = min(top_n, n - 1)
    result: list[TransitionRow] = []
    lookups = [{s: (lvl, w) for s, lvl, w in reqs} for reqs in occupation_skills]
    for start in range(0, n, CHUNK):
        end = min(n, start + CHUNK)
        s_skill = (skills_n[start:end] @ skills_n.T).toarray()
        s_text = (text_n[start:end] @ text_n.T).toarray()
        score = SKILL_WEIGHT * s_skill + TEXT_WEIGHT * s_text
        score[np.arange(end - start), np.arange(start, end)] = -np.inf
        top = np.argpartition(-score, top_n - 1, axis=1)[:, :top_n]
        for local, targets in enumerate(top):
            i = start + local
            order = targets[np.argsort(-score[local, targets], kind="stable")]
            mine = lookups[i]
            for rank, j in enumerate(order, start=1):
                theirs = sorted(lookups[j].items(), key=lambda kv: (-kv[1][1] * kv[1][0], kv[0]))
                shared = [s for s, _lw in theirs if s in mine][:SKILLS_LISTED]
                missing = [(s, lvl) for s, (lvl, _w) in theirs if mine.get(s, (0, 0))[0] < lvl][
                    :SKILLS_LISTED
                ]
                result.append(
                    TransitionRow(
                        source=i,
                        target=int(j),
                        rank=rank,
                        score=float(score[local, j]),
                        skill_score=float(s_skill[local, j]),
                        text_score=float(s_text[local, j]),
                        shared=shared,
                        missing=missing,
                    )
                )
    return result
