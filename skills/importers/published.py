"""Published AI exposure and US pay, carried to our occupations (docs/ai-exposure-and-pay.md).

Sources, all under one data folder (their SOURCE.md files say where each comes from):

* ai-exposure/eloundou_occ_level.csv — Eloundou et al. 2024, "GPTs are GPTs": β per
  O*NET-SOC 2019 code. We keep the *human* rating (`human_rating_beta`): people read each task
  against the paper's rubric, whereas the GPT-4 rating is a model grading its own usefulness;
  the two agree closely (r = 0.88 over the 923 occupations), GPT-4 about 3 points higher.
* ai-exposure/tomlinson_soc_ai_applicability_scores.csv — Tomlinson et al. 2025, AI
  applicability score per SOC 2018 code.
* labour-market/bls_oews_national_may2021.csv — BLS OEWS May 2021: annual median wage and
  employment per SOC 2018 code (`#` = $208,000 or more, `*` = not published).
* crosswalk/esco_onet_crosswalk_Nov2020.csv (ESCO → O*NET-SOC 2010, Nesta) and
  crosswalk/onet_soc_2010_to_2019_crosswalk.csv (2010 → 2019, O*NET).
* An ESCO occupation absent from Nesta's crosswalk takes the O*NET-SOC 2019 occupation with the
  same title (`same_title`: "credit analyst" = "Credit Analysts"), else the codes of its nearest
  broader occupation that has a crosswalk row (esco/broaderRelationsOccPillar.csv).

Combination rule, where one occupation reaches several O*NET-SOC 2019 codes: codes are grouped by
their SOC 2018 code (the first seven characters); within one SOC the Eloundou β is the plain mean
of its O*NET-SOC rows; across SOCs every figure is the mean weighted by US employment (BLS
TOT_EMP), or the plain mean when one of those SOCs has no employment figure.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from skills.models import Occupation, Source

from .files import find_file, read_table

ELOUNDOU = Path("ai-exposure") / "eloundou_occ_level.csv"
TOMLINSON = Path("ai-exposure") / "tomlinson_soc_ai_applicability_scores.csv"
BLS = Path("labour-market") / "bls_oews_national_may2021.csv"
NESTA = Path("crosswalk") / "esco_onet_crosswalk_Nov2020.csv"
SOC_2010_2019 = Path("crosswalk") / "onet_soc_2010_to_2019_crosswalk.csv"
ESCO_BROADER = Path("esco") / "broaderRelationsOccPillar.csv"

BETA = "human_rating_beta"
# BLS's top code: "#" means the median is at least this much a year.
TOP_CODED_PAY = 208_000
# BLS publishes a few occupations only as a combined code ending in 0 (13-1020 for 13-1021…).
BLS_GROUPS = ("detailed", "broad")


@dataclass
class Tables:
    """The source files, read and validated: code → value."""

    beta: dict[str, float]  # O*NET-SOC 2019 code → β
    applicability: dict[str, float]  # SOC 2018 → Tomlinson score
    pay: dict[str, tuple[int, bool]]  # SOC 2018 → (annual median, top-coded)
    employment: dict[str, int]  # SOC 2018 → employment
    esco_2010: dict[str, str]  # ESCO URI → O*NET-SOC 2010 code
    esco_rows: dict[str, str]  # ESCO URI → where its crosswalk row is, for the report
    codes_2019: dict[str, list[str]]  # O*NET-SOC 2010 → 2019 codes
    code_by_title: dict[str, str]  # same_title(O*NET-SOC 2019 title) → its code, if unique
    parent: dict[str, str]  # ESCO occupation URI → its broader occupation's URI
    problems: list[str] = field(default_factory=list)  # row-level, in file order


@dataclass
class Figures:
    beta: float | None = None
    applicability: float | None = None
    pay: int | None = None
    pay_at_least: bool = False
    codes: list[str] = field(default_factory=list)
    via: str = ""

    def as_fields(self) -> dict:
        return {
            "ai_exposure_beta": self.beta,
            "ai_applicability": self.applicability,
            "us_median_pay": self.pay,
            "us_median_pay_at_least": self.pay_at_least,
            "published_codes": self.codes,
            "published_via": self.via,
        }


def same_title(title: str) -> str:
    """A title compared without case or plural: ESCO says "credit analyst", O*NET "Credit
    Analysts". Only whole titles are compared, never parts of them."""
    words = []
    for word in title.lower().split():
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def soc_of(onet_code: str) -> str:
    """O*NET-SOC `13-2041.00` → SOC 2018 `13-2041`."""
    return onet_code[:7]


def _share(value: str, where: str, problems: list[str]) -> float | None:
    """A 0–1 share, or None with a problem naming the row and field."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0 <= number <= 1:  # also rejects NaN
        problems.append(f"{where}: {value!r} is not a number from 0 to 1; row skipped")
        return None
    return number


def _count(value: str) -> int | None:
    digits = value.replace(",", "").strip()
    return int(digits) if digits.isdecimal() else None


def _row(path: Path, index: int) -> str:
    # Spreadsheet numbering: the header is row 1.
    return f"{path.name} row {index + 2}"


def read_tables(folder: Path) -> Tables:
    """Read every file; CommandError if one is missing or lacks a column (nothing is written)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CommandError(f"{folder}: not a folder (expected the shared data folder)")
    paths = {
        name: find_file(folder / rel.parent, rel.name)
        for name, rel in {
            "eloundou": ELOUNDOU,
            "tomlinson": TOMLINSON,
            "bls": BLS,
            "nesta": NESTA,
            "crosswalk": SOC_2010_2019,
            "broader": ESCO_BROADER,
        }.items()
    }
    problems: list[str] = []

    eloundou = read_table(paths["eloundou"], ["O*NET-SOC Code", BETA])
    beta = {}
    for i, (code, value) in enumerate(zip(eloundou["O*NET-SOC Code"], eloundou[BETA], strict=True)):
        share = _share(value, f"{_row(paths['eloundou'], i)} ({code}) {BETA}", problems)
        if share is not None:
            beta[code] = share

    tomlinson = read_table(paths["tomlinson"], ["SOC Code", "ai_applicability_score"])
    applicability = {}
    for i, (code, value) in enumerate(
        zip(tomlinson["SOC Code"], tomlinson["ai_applicability_score"], strict=True)
    ):
        where = f"{_row(paths['tomlinson'], i)} ({code}) ai_applicability_score"
        share = _share(value, where, problems)
        if share is not None:
            applicability[code] = share

    bls = read_table(paths["bls"], ["OCC_CODE", "O_GROUP", "TOT_EMP", "A_MEDIAN"])
    pay, employment = {}, {}
    for i, row in enumerate(bls.itertuples(index=False)):
        if row.O_GROUP not in BLS_GROUPS:
            continue
        if row.O_GROUP == "broad" and row.OCC_CODE in pay:
            continue  # the detailed row of the same code wins
        if row.A_MEDIAN == "#":
            pay[row.OCC_CODE] = (TOP_CODED_PAY, True)
        elif (median := _count(row.A_MEDIAN)) is not None:
            pay[row.OCC_CODE] = (median, False)
        elif row.A_MEDIAN != "*":
            problems.append(
                f"{_row(paths['bls'], i)} ({row.OCC_CODE}) A_MEDIAN: {row.A_MEDIAN!r} is not a "
                "wage, '#' or '*'; pay left empty"
            )
        if (count := _count(row.TOT_EMP)) is not None:
            employment[row.OCC_CODE] = count

    nesta = read_table(paths["nesta"], ["esco_occupation", "onet_code", "concept_uri"])
    esco_2010, esco_rows = {}, {}
    for i, row in enumerate(nesta.itertuples(index=False)):
        where = f"{_row(paths['nesta'], i)} ({row.esco_occupation}, {row.concept_uri})"
        if not row.concept_uri or not row.onet_code:
            problems.append(f"{where}: empty concept_uri or onet_code; row skipped")
            continue
        esco_2010[row.concept_uri], esco_rows[row.concept_uri] = row.onet_code, where

    crosswalk = read_table(
        paths["crosswalk"], ["soc2010_code", "soc2019_code", "soc2019_title"], sep=";"
    )
    codes_2019: dict[str, list[str]] = defaultdict(list)
    titled: dict[str, set[str]] = defaultdict(set)
    for old, new, title in zip(
        crosswalk["soc2010_code"],
        crosswalk["soc2019_code"],
        crosswalk["soc2019_title"],
        strict=True,
    ):
        if old and new and new not in codes_2019[old]:
            codes_2019[old].append(new)
        if new and title:
            titled[same_title(title)].add(new)
    # A title two codes share names neither.
    code_by_title = {title: next(iter(codes)) for title, codes in titled.items() if len(codes) == 1}

    broader = read_table(
        paths["broader"], ["conceptType", "conceptUri", "broaderType", "broaderUri"]
    )
    both = (broader["conceptType"] == "Occupation") & (broader["broaderType"] == "Occupation")
    parent = dict(
        zip(broader.loc[both, "conceptUri"], broader.loc[both, "broaderUri"], strict=True)
    )
    for uri, old in esco_2010.items():
        if old not in codes_2019:
            problems.append(
                f"{esco_rows[uri]}: O*NET-SOC 2010 code {old} is not in {paths['crosswalk'].name}"
            )

    return Tables(
        beta=beta,
        applicability=applicability,
        pay=pay,
        employment=employment,
        esco_2010=esco_2010,
        esco_rows=esco_rows,
        codes_2019=dict(codes_2019),
        code_by_title=code_by_title,
        parent=parent,
        problems=problems,
    )


def _pay_code(soc: str, tables: Tables) -> str | None:
    """The BLS code that holds this SOC's pay: itself, or the combined code BLS publishes."""
    if soc in tables.pay or soc in tables.employment:
        return soc
    group = soc[:6] + "0"
    return group if group in tables.pay or group in tables.employment else None


def _weighted(values: Mapping[str, float], weights: Mapping[str, int | None]) -> float | None:
    """Mean of `values` (SOC → value) weighted by employment; plain mean if a weight lacks."""
    if not values:
        return None
    known = {soc: weight for soc in values if (weight := weights.get(soc))}
    if len(known) == len(values):
        total = sum(known.values())
        return sum(value * known[soc] for soc, value in values.items()) / total
    return sum(values.values()) / len(values)


def combine(codes: list[str], tables: Tables) -> Figures:
    """The figures of an occupation reaching these O*NET-SOC 2019 codes (rule: module doc)."""
    by_soc: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        by_soc[soc_of(code)].append(code)
    betas, scores, pays, weights, top_coded = {}, {}, {}, {}, {}
    for soc, members in by_soc.items():
        rated = [tables.beta[c] for c in members if c in tables.beta]
        if rated:
            betas[soc] = sum(rated) / len(rated)
        if soc in tables.applicability:
            scores[soc] = tables.applicability[soc]
        bls_code = _pay_code(soc, tables)
        weights[soc] = tables.employment.get(bls_code) if bls_code else None
        if bls_code in tables.pay:
            pays[soc], top_coded[soc] = tables.pay[bls_code]
    pay = _weighted(pays, weights)
    return Figures(
        beta=_weighted(betas, weights),
        applicability=_weighted(scores, weights),
        pay=None if pay is None else round(pay),
        pay_at_least=any(top_coded.values()),
        codes=sorted(codes),
    )


def esco_codes(uri: str, title: str, tables: Tables) -> tuple[list[str], str, str | None]:
    """(O*NET-SOC 2019 codes, how they were carried, the 2010 code that did not map) for an
    ESCO occupation: its own crosswalk row; else the O*NET occupation of the same title; else
    its nearest broader occupation's crosswalk row."""
    if uri not in tables.esco_2010 and (code := tables.code_by_title.get(same_title(title))):
        return [code], Occupation.Carried.SAME_TITLE, None
    current: str | None
    seen, current, via = set(), uri, Occupation.Carried.CROSSWALK
    while current not in tables.esco_2010:
        seen.add(current)
        current = tables.parent.get(current)
        if current is None or current in seen:
            return [], "", None
        via = Occupation.Carried.PARENT
    old = tables.esco_2010[current]
    new = tables.codes_2019.get(old, [])
    return list(new), via if new else "", None if new else old


@dataclass
class PublishedReport:
    problems: list[str] = field(default_factory=list)  # rows and codes that did not map
    notes: list[str] = field(default_factory=list)  # mapped, but not one-to-one
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        c = self.counts
        return (
            f"import_exposure: ESCO {c['esco_with']}/{c['esco']} occupations with figures "
            f"({c['esco_crosswalk']} by the crosswalk, {c['esco_title']} by the same O*NET "
            f"title, {c['esco_parent']} by a broader occupation), "
            f"O*NET {c['onet_with']}/{c['onet']} direct, AI-era roles "
            f"{c['roles_with']}/{c['roles']} through the occupation they extend; "
            f"β {c['beta']}, Tomlinson {c['applicability']}, US pay {c['pay']}; "
            f"{len(self.problems)} rows or codes did not map; {self.updated} updated, "
            f"{self.unchanged} unchanged in {self.seconds:.1f} s"
        )


def _missing_measures(codes_seen: set[str], tables: Tables, report: PublishedReport) -> None:
    """One line per O*NET-SOC 2019 code one of our occupations reaches but a source lacks."""
    for code in sorted(codes_seen):
        soc = soc_of(code)
        lacks, bls_code = [], _pay_code(soc, tables)
        if bls_code not in (None, soc):
            report.notes.append(
                f"O*NET-SOC {code}: pay and employment of BLS combined code {bls_code}"
            )
        if code not in tables.beta:
            lacks.append("no Eloundou row")
        if soc not in tables.applicability:
            lacks.append("no Tomlinson row")
        if bls_code is None:
            lacks.append("no BLS row")
        elif bls_code not in tables.pay:
            lacks.append(f"BLS {bls_code} publishes no annual median ('*')")
        if lacks:
            report.problems.append(f"O*NET-SOC {code}: {'; '.join(lacks)}")


def _same(old, new) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return abs(old - new) < 1e-9
    return old == new


def _changed(obj: Occupation, values: dict) -> bool:
    return any(not _same(getattr(obj, name), value) for name, value in values.items())


FIELDS = list(Figures().as_fields())


def import_published(folder: Path) -> PublishedReport:
    """Store the published figures on every ESCO and O*NET occupation; all or nothing.

    Occupations that no longer map lose their figures, so a second run changes nothing.
    AI-era target roles store none: they show those of the occupation they extend.
    """
    started = time.monotonic()
    tables = read_tables(folder)
    report = PublishedReport(problems=list(tables.problems))
    counts = report.counts
    with transaction.atomic():
        occupations = list(
            Occupation.objects.filter(source__in=[Source.ESCO, Source.ONET]).only(
                "id", "uri", "code", "title", "source", *FIELDS
            )
        )
        known_uris = {o.uri for o in occupations if o.source == Source.ESCO}
        for uri in tables.esco_2010:
            if uri not in known_uris:
                report.problems.append(
                    f"{tables.esco_rows[uri]}: no ESCO occupation with this URI in the database"
                )
        codes_seen: set[str] = set()
        changed = []
        for occ in occupations:
            if occ.source == Source.ESCO:
                counts["esco"] += 1
                codes, via, _ = esco_codes(occ.uri or "", occ.title, tables)
            else:
                counts["onet"] += 1
                codes, via = [occ.code], Occupation.Carried.DIRECT
            figures = combine(codes, tables) if codes else Figures()
            has_any = any(v is not None for v in (figures.beta, figures.applicability, figures.pay))
            if has_any:
                figures.via = via
                codes_seen.update(codes)
                counts[f"{occ.source}_with"] += 1
                if occ.source == Source.ESCO:
                    counts[f"esco_{via}"] += 1
                counts["beta"] += figures.beta is not None
                counts["applicability"] += figures.applicability is not None
                counts["pay"] += figures.pay is not None
            else:
                figures = Figures()
                if occ.source == Source.ONET:
                    report.problems.append(f"O*NET {occ.code}: in none of the three sources")
            values = figures.as_fields()
            if _changed(occ, values):
                for name, value in values.items():
                    setattr(occ, name, value)
                changed.append(occ)
        # bulk_update leaves updated_at alone: figures do not change what a job *is*, so the
        # transitions (keyed on the taxonomy's updated_at) are not recomputed for them.
        Occupation.objects.bulk_update(changed, FIELDS, batch_size=2000)
        report.updated, report.unchanged = len(changed), len(occupations) - len(changed)
        _missing_measures(codes_seen, tables, report)
        roles = Occupation.objects.filter(is_target=True)
        counts["roles"] = roles.count()
        counts["roles_with"] = roles.filter(
            extends__published_via__gt="", extends__isnull=False
        ).count()
    report.seconds = time.monotonic() - started
    return report
