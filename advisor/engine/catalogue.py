"""The catalogue as sparse resource × skill matrices (DESIGN.md, engine §5).

Built once per catalogue version by the worker and reused by every assessment. Prices are
converted to EUR with a fixed table (below) so budgets compare like with like. A resource has a
price to follow and a certificate price; a person who wants certificates plans on the catalogue's
`with_certificates()` variant, where each resource costs both (docs/prices.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

# Fixed, documented conversion rates (EUR per unit), reviewed by hand: a budget is a planning
# figure, not a payment, so daily rates would add churn without changing advice. USD, the
# currency of every imported scrape, is dated: the ECB euro reference rate, 2023 annual
# average (the snapshots' year), 1 EUR = 1.0813 USD, hence 0.92 (docs/prices.md). The other
# rates were set by hand when the table was written, for hand-made resource files, and are
# not re-checked. XOF is pegged (655.957 per EUR). This is the project's one currency table:
# importers keep each provider's own currency and the planner converts here.
CURRENCY_TO_EUR: dict[str, float] = {
    "EUR": 1.0,
    "USD": 0.92,
    "GBP": 1.17,
    "CHF": 1.05,
    "CAD": 0.68,
    "AUD": 0.61,
    "JPY": 0.0062,
    "INR": 0.011,
    "CNY": 0.13,
    "BRL": 0.17,
    "SEK": 0.088,
    "NOK": 0.086,
    "DKK": 0.134,
    "PLN": 0.23,
    "MAD": 0.092,
    "XOF": 0.00152,
}

# Courses alone take a skill to 2 ("foundations") at most; from 3 ("applies with guidance") on,
# a skill needs practice (project, competition, hackathon) after the courses it builds on: the
# founding brief's "train first, then practise" (DESIGN.md, "Practised").
COURSE_MAX_LEVEL = 2
PRACTICE_KINDS = frozenset({"project", "hackathon", "competition"})

# Quality: the learners' rating shrunk toward a prior (a Bayesian average), so 4.9 from 8
# reviews does not beat 4.7 from 12,000; a resource nobody rated sits at the prior.
RATING_PRIOR = 4.2
RATING_PRIOR_COUNT = 50
# How much a poorly rated resource costs more than a well rated one of the same hours: at
# quality 0 the cost is (1 + QUALITY_WEIGHT) × hours. Small, so hours still come first.
QUALITY_WEIGHT = 0.15


def rating_quality(rating: np.ndarray, count: np.ndarray) -> np.ndarray:
    """0–1 per resource: the rating (0–5) averaged with RATING_PRIOR_COUNT votes at the prior."""
    unrated = np.isnan(rating) | np.isnan(count)
    rating = np.where(unrated, RATING_PRIOR, rating)
    count = np.where(unrated, 0, count)
    shrunk = (rating * count + RATING_PRIOR * RATING_PRIOR_COUNT) / (count + RATING_PRIOR_COUNT)
    return np.clip(shrunk / 5.0, 0.0, 1.0)


def to_eur(price: float, currency: str) -> float:
    """Price in EUR; an unknown currency gives inf so the resource is never assumed affordable."""
    rate = CURRENCY_TO_EUR.get((currency or "EUR").upper())
    if rate is None:
        return float("inf") if price > 0 else 0.0
    return float(price) * rate


@dataclass
class Catalogue:
    version: str
    resource_ids: np.ndarray  # row → resource id
    hours: np.ndarray
    price_eur: np.ndarray
    language: np.ndarray  # row → index into language_codes
    language_codes: list[str]
    format: np.ndarray  # row → index into format_codes
    format_codes: list[str]
    practice: np.ndarray  # bool
    skill_ids: np.ndarray  # column → skill id
    column: dict[int, int]  # skill id → column
    taught: sp.csc_matrix  # effective level reached (practice rule applied); CSC: per-skill slices
    taught_raw: sp.csc_matrix  # level reached as catalogued (to tell "no practice" apart)
    required: sp.csr_matrix  # level required first; CSR: per-resource slices
    row_of: dict[int, int] = field(default_factory=dict)
    # hours × (1 + QUALITY_WEIGHT × (1 − quality)) + 1e-6 × EUR: the planner's per-resource cost
    cost: np.ndarray | None = None
    quality: np.ndarray | None = None  # 0–1, rating_quality; None: all at the prior
    start_level: np.ndarray | None = None  # level of the learner it starts from
    certificate_eur: np.ndarray | None = None  # added to price_eur for those who want one
    certificate: np.ndarray | None = None  # bool: completing it gives a certificate
    # Derived once per catalogue version, so an assessment never re-sorts or re-converts:
    # per skill column, the resources teaching it cheapest first (ties: lowest row), as flat
    # arrays sharing `taught.indptr`; and the level reached per resource (CSR row slices).
    by_cost_rows: np.ndarray = field(init=False, repr=False)
    by_cost_levels: np.ndarray = field(init=False, repr=False)
    taught_by_row: sp.csr_matrix = field(init=False, repr=False)
    offer: np.ndarray = field(init=False, repr=False)  # language × format code per resource
    hours_weight: np.ndarray = field(init=False, repr=False)  # 1 + QUALITY_WEIGHT × (1 − q)

    def __post_init__(self) -> None:
        n = len(self.resource_ids)
        if self.quality is None:
            self.quality = np.full(n, RATING_PRIOR / 5.0)
        if self.start_level is None:
            self.start_level = np.zeros(n, dtype=np.int8)
        self.hours_weight = 1 + QUALITY_WEIGHT * (1 - self.quality)
        if self.cost is None:
            price = np.where(np.isinf(self.price_eur), 1e12, self.price_eur)
            self.cost = self.hours * self.hours_weight + 1e-6 * price
        taught = self.taught
        rows = taught.indices.astype(np.int64)
        cols = np.repeat(np.arange(taught.shape[1]), np.diff(taught.indptr))
        order = np.lexsort((rows, self.cost[rows], cols))
        self.by_cost_rows = rows[order]
        self.by_cost_levels = taught.data[order]
        self.taught_by_row = taught.tocsr()
        self.offer = self.language.astype(np.int64) * len(self.format_codes) + self.format

    @property
    def size(self) -> int:
        return len(self.resource_ids)

    def with_certificates(self) -> Catalogue:
        """The same catalogue where each resource costs its price plus its certificate's:
        what a person who wants certificates will pay. Built once, then reused."""
        cached = self.__dict__.get("_with_certificates")
        if cached is None:
            extra = self.certificate_eur
            if extra is None or not extra.any():
                cached = self
            else:
                cached = replace(self, price_eur=self.price_eur + extra, cost=None)
            self.__dict__["_with_certificates"] = cached
        return cached


def build_catalogue(resources: pd.DataFrame, links: pd.DataFrame, version: str = "") -> Catalogue:
    """Builds the matrices.

    resources: columns id, hours, price, currency, language, format, kind; optionally
    certificate_price (same currency as price), certificate (bool), rating, rating_count, and
    start_level (the level of the learner a resource starts from: courses.levels).
    links: columns resource_id, skill_id, level_taught, level_required.
    """
    resources = resources.reset_index(drop=True)
    ids = resources["id"].to_numpy(dtype=np.int64)
    row_of = {int(r): i for i, r in enumerate(ids)}
    hours = resources["hours"].astype(float).to_numpy()
    currency = resources["currency"].fillna("EUR").astype(str).str.upper()
    rates = currency.map(CURRENCY_TO_EUR).to_numpy(dtype=float)  # NaN for unknown currencies
    price_eur = _eur(resources["price"], rates)
    certificate_eur = (
        _eur(resources["certificate_price"], rates)
        if "certificate_price" in resources
        else np.zeros(len(ids))
    )
    lang_codes, lang = np.unique(resources["language"].astype(str).str.lower(), return_inverse=True)
    fmt_codes, fmt = np.unique(resources["format"].astype(str).str.lower(), return_inverse=True)
    practice = resources["kind"].astype(str).isin(PRACTICE_KINDS).to_numpy()
    quality = None
    if "rating" in resources:
        quality = rating_quality(
            pd.to_numeric(resources["rating"], errors="coerce").to_numpy(dtype=float),
            pd.to_numeric(resources.get("rating_count"), errors="coerce").to_numpy(dtype=float)
            if "rating_count" in resources
            else np.zeros(len(ids)),
        )
    start_level = None
    if "start_level" in resources:
        start_level = resources["start_level"].fillna(0).to_numpy(dtype=np.int8)

    links = links[links["resource_id"].isin(row_of.keys())]
    skill_ids = np.unique(links["skill_id"].to_numpy(dtype=np.int64))
    column = {int(s): j for j, s in enumerate(skill_ids)}
    rows = links["resource_id"].map(row_of).to_numpy(dtype=np.int64)
    cols = np.searchsorted(skill_ids, links["skill_id"].to_numpy(dtype=np.int64))
    taught_raw = links["level_taught"].to_numpy(dtype=np.int8)
    taught_eff = np.where(practice[rows], taught_raw, np.minimum(taught_raw, COURSE_MAX_LEVEL))
    req = links["level_required"].to_numpy(dtype=np.int8)
    shape = (len(ids), len(skill_ids))

    def matrix(values):
        keep = values > 0
        return sp.coo_matrix((values[keep], (rows[keep], cols[keep])), shape=shape, dtype=np.int8)

    return Catalogue(
        version=version,
        resource_ids=ids,
        hours=hours,
        price_eur=price_eur,
        certificate_eur=certificate_eur,
        certificate=(
            resources["certificate"].fillna(False).astype(bool).to_numpy()
            if "certificate" in resources
            else None
        ),
        language=lang.astype(np.int32),
        language_codes=[str(c) for c in lang_codes],
        format=fmt.astype(np.int32),
        format_codes=[str(c) for c in fmt_codes],
        practice=practice,
        quality=quality,
        start_level=start_level,
        skill_ids=skill_ids,
        column=column,
        taught=matrix(taught_eff.astype(np.int8)).tocsc(),
        taught_raw=matrix(taught_raw).tocsc(),
        required=matrix(req).tocsr(),
        row_of=row_of,
    )


def _eur(prices: pd.Series, rates: np.ndarray) -> np.ndarray:
    """Prices in EUR; inf for a paid price in an unknown currency (never assumed affordable)."""
    price = prices.fillna(0).astype(float).to_numpy()
    return np.where(np.isnan(rates), np.where(price > 0, np.inf, 0.0), price * rates)
