"""The planning problem: the person's constraints and the small dense instance the solvers
share, with the numbers that weigh cost and the reasons a skill can stay open."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np

# Cost = hours + PRICE_TIE_BREAK × price (EUR): hours come first; 1e-6 h per EUR means price only
# decides between paths whose hours are equal (a 10,000 EUR difference weighs 0.01 h).
PRICE_TIE_BREAK = 1e-6
# Relevance (candidates.relevance) weighs on hours: a resource of relevance 0 counts as
# (1 + RELEVANCE_WEIGHT) × its hours, so between two similar resources the one that fits the
# person wins, while a far shorter one still beats a slightly more fitting long one.
RELEVANCE_WEIGHT = 0.5
# What a path minimises, one alternative each (the worker plans all three):
# soonest — hours (weighted by quality and relevance), price only breaking ties;
# cheapest — price in EUR, hours only breaking ties (CHEAPEST_HOURS_TIE EUR an hour);
# recognised — hours weighted up to (1 + RECOGNITION_WEIGHT)× for resources without a
#   certificate, outside the preferred language, or not in the on-site format a person who
#   accepts on-site learning prefers (recognition 0–1, candidates.recognition).
OBJECTIVES = ("soonest", "cheapest", "recognised")
CHEAPEST_HOURS_TIE = 0.01
RECOGNITION_WEIGHT = 2.0
PER_LEVEL = 3  # cheapest candidates kept per (missing skill, level to reach)
PER_PREREQUISITE = 2  # cheapest unlocking resources kept per (prerequisite skill, level)
PREREQUISITE_DEPTH = 2
PREFIX = 16  # entries of a column looked at first when only its few cheapest are wanted
BUNDLES_PER_ROUND = 4  # locked resources whose unlocking bundle the greedy prices each round
LOCAL_SEARCH_WORK = 400  # bound on (pool size × chosen) before local search is skipped
EXACT_MAX_RESOURCES = 30  # instances this small are also solved exactly by MILP
EXACT_TIME_LIMIT = 0.2  # seconds; past it the heuristic's answer stands
EPS = 1e-9

# Why a skill stays open, from the most to the least fundamental.
NO_RESOURCE = "no_resource"
NO_PRACTICE = "no_practice"
LANGUAGE_FORMAT = "language_format"
OVER_BUDGET = "over_budget"
OVER_HORIZON = "over_horizon"
PREREQUISITE = "prerequisite"


@dataclass(frozen=True)
class Constraints:
    budget_eur: float = math.inf
    weekly_hours: float = 5.0
    horizon_weeks: int = 26
    languages: frozenset[str] | None = None  # None: any language
    formats: frozenset[str] | None = None  # None: any format
    exclude: frozenset[int] = frozenset()  # resource ids already done
    preferred_language: str | None = None  # the person's first language, preferred when equal
    start_date: date | None = None
    objective: str = "soonest"  # one of OBJECTIVES: what the path is cheapest in

    @property
    def capacity_hours(self) -> float:
        return self.weekly_hours * self.horizon_weeks


@dataclass
class Instance:
    """A small dense planning problem shared by the heuristic and the exact solver."""

    resource_ids: np.ndarray  # n
    P: np.ndarray  # n × k level reached (practice rule applied)
    Q: np.ndarray  # n × k level required first
    R: np.ndarray  # k level the role requires (0 for prerequisite-only skills)
    W: np.ndarray  # k weight (0 for prerequisite-only skills)
    L0: np.ndarray  # k current level
    hours: np.ndarray
    price: np.ndarray  # EUR
    practice: np.ndarray
    skill_ids: np.ndarray  # k
    budget: float = math.inf
    capacity: float = math.inf
    # Per resource, from the catalogue and the person (candidates.relevance); None: neutral.
    hours_weight: np.ndarray | None = None  # 1 + QUALITY_WEIGHT × (1 − quality)
    relevance: np.ndarray | None = None  # 0–1: gap share, level fit, preferred language
    fit: list[list[str]] | None = None  # why each resource is a good choice (reason codes)
    objective: str = "soonest"
    recognition: np.ndarray | None = None  # 0–1, for the "recognised" objective
    cost: np.ndarray = field(init=False)

    # Derived once per instance (the solvers read them many times): sparse views of P and Q.
    gains: tuple[np.ndarray, np.ndarray, np.ndarray] = field(init=False, repr=False)
    prerequisites: tuple[np.ndarray, np.ndarray, np.ndarray] = field(init=False, repr=False)
    needs: list[list[tuple[int, int]]] = field(init=False, repr=False)  # per resource (s, q)
    teaches: list[list[tuple[int, int]]] = field(init=False, repr=False)  # weighted skills only

    def __post_init__(self) -> None:
        hours = self.hours if self.hours_weight is None else self.hours * self.hours_weight
        if self.relevance is not None:
            hours = hours * (1 + RELEVANCE_WEIGHT * (1 - self.relevance))
        price = np.where(np.isinf(self.price), 1e12, self.price)
        if self.objective == "cheapest":
            self.cost = price + CHEAPEST_HOURS_TIE * hours
        else:
            if self.objective == "recognised" and self.recognition is not None:
                hours = hours * (1 + RECOGNITION_WEIGHT * (1 - self.recognition))
            self.cost = hours + PRICE_TIE_BREAK * price
        # (resource, skill, level) it reaches, for the skills the role weighs.
        rows, cols = np.nonzero(self.P[:, self.W > 0])
        cols = np.flatnonzero(self.W > 0)[cols]
        self.gains = (rows, cols, self.P[rows, cols])
        self.teaches = [[] for _ in range(self.n)]
        for r, s, level in zip(rows.tolist(), cols.tolist(), self.gains[2].tolist(), strict=True):
            self.teaches[r].append((s, level))
        # (resource, skill, level) it requires first, where the person is not there yet.
        rows, cols = np.nonzero(self.Q > self.L0)
        self.prerequisites = (rows, cols, self.Q[rows, cols])
        self.needs = [[] for _ in range(self.n)]
        for r, s, q in zip(rows.tolist(), cols.tolist(), self.Q[rows, cols].tolist(), strict=True):
            self.needs[r].append((s, q))
        self._top_level = self.P.max(1, initial=0).tolist()
        self._practice = self.practice.astype(bool).tolist()
        self._cost = self.cost.tolist()
        self._by_cost = np.argsort(self.cost, kind="stable")
        self._providers: dict[tuple[int, int], np.ndarray] = {}

    def preference_key(self, i: int) -> tuple:
        """Courses before practice, lower levels first, then cheaper (order_steps)."""
        return (self._practice[i], self._top_level[i], self._cost[i], i)

    def providers(self, skill: int, level: int) -> np.ndarray:
        """Resources reaching `level` in `skill`, cheapest first (lowest index among equals)."""
        key = (skill, level)
        found = self._providers.get(key)
        if found is None:
            order = self._by_cost
            found = self._providers[key] = order[self.P[order, skill] >= level]
        return found

    @property
    def n(self) -> int:
        return len(self.resource_ids)
