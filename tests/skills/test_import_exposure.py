"""import_exposure: published AI exposure and US pay carried to ESCO and O*NET occupations.

The real-data test computes what each occupation should show straight from the source files
(pandas, following the join path and rule of docs/ai-exposure-and-pay.md), never from the
importer's own output. The small-file tests copy the real files' shapes: BOM, `;` delimiter,
CRLF, thousands separators, `#` and `*` wages.
"""

from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from skills.models import Occupation, Source
from tests.skills.factories import OccupationFactory

ESCO = "http://data.europa.eu/esco/occupation/"
ACCOUNTANT = ESCO + "eda0d957-3c3c-4139-b89a-a18bc9e18897"
GRAPHIC_DESIGNER = ESCO + "69bcbb0a-8d80-4ecd-b0a4-9adea2a40de2"
CREDIT_ANALYST = ESCO + "075e4d25-74b3-46fb-9b6e-6b53cdb196e7"  # narrower: no crosswalk row
ACCOUNTING_ANALYST = ESCO + "caafca69-9faa-4850-8930-a3fa07fea4e6"  # narrower, no O*NET twin
FINANCIAL_ANALYST = ESCO + "8d586ee9-0ab1-4155-a3b0-2ca786c8e48c"  # fans out to two SOCs


def run(folder, verbosity=1) -> str:
    out = StringIO()
    call_command("import_exposure", str(folder), stdout=out, verbosity=verbosity)
    return out.getvalue()


class Sources:
    """The real files, read the plain way, to say what an occupation should show."""

    def __init__(self, root: Path):
        read = lambda rel, **kw: pd.read_csv(root / rel, dtype=str, keep_default_na=False, **kw)  # noqa: E731
        self.nesta = read("crosswalk/esco_onet_crosswalk_Nov2020.csv").set_index("concept_uri")
        self.walk = read(
            "crosswalk/onet_soc_2010_to_2019_crosswalk.csv", sep=";", encoding="utf-8-sig"
        )
        # O*NET titles compared without case or a plural "s": "Credit Analysts" = credit analyst.
        titles = self.walk.groupby(
            self.walk.soc2019_title.str.lower().str.replace(r"s\b", "", regex=True)
        ).soc2019_code.unique()
        self.by_title = {t: codes[0] for t, codes in titles.items() if len(codes) == 1}
        broader = read("esco/broaderRelationsOccPillar.csv")
        broader = broader[broader.broaderType == "Occupation"]
        self.parent = dict(zip(broader.conceptUri, broader.broaderUri, strict=True))
        eloundou = read("ai-exposure/eloundou_occ_level.csv").set_index("O*NET-SOC Code")
        self.beta = eloundou["human_rating_beta"].astype(float)
        tomlinson = read("ai-exposure/tomlinson_soc_ai_applicability_scores.csv")
        self.score = tomlinson.set_index("SOC Code")["ai_applicability_score"].astype(float)
        bls = read("labour-market/bls_oews_national_may2021.csv", encoding="utf-8-sig")
        bls = bls[bls.O_GROUP == "detailed"].set_index("OCC_CODE")
        # "#" and "*" become NaN here; none of the occupations checked has them.
        number = lambda column: pd.to_numeric(bls[column].str.replace(",", ""), errors="coerce")  # noqa: E731
        self.pay, self.employment = number("A_MEDIAN"), number("TOT_EMP")

    def codes_2019(self, uri: str, title: str) -> tuple[list[str], str]:
        if uri not in self.nesta.index and title in self.by_title:
            return [self.by_title[title]], "title"
        via = "crosswalk"
        while uri not in self.nesta.index:
            uri, via = self.parent[uri], "parent"
        old = self.nesta.loc[uri, "onet_code"]
        return sorted(self.walk.loc[self.walk.soc2010_code == old, "soc2019_code"]), via

    def expected(self, codes: list[str]) -> dict:
        """One O*NET-SOC code per SOC here, so the rule is the employment-weighted mean."""
        socs = [c[:7] for c in codes]
        assert len(set(socs)) == len(socs)
        weights = [self.employment[s] for s in socs]

        def mean(values):
            return sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)

        return {
            "ai_exposure_beta": mean([self.beta[c] for c in codes]),
            "ai_applicability": mean([self.score[s] for s in socs]),
            "us_median_pay": round(mean([self.pay[s] for s in socs])),
        }


def assert_figures(occupation: Occupation, expected: dict, codes: list[str], via: str):
    occupation.refresh_from_db()
    assert occupation.ai_exposure_beta == pytest.approx(expected["ai_exposure_beta"])
    assert occupation.ai_applicability == pytest.approx(expected["ai_applicability"])
    assert occupation.us_median_pay == expected["us_median_pay"]
    assert occupation.us_median_pay_at_least is False
    assert occupation.published_codes == codes
    assert occupation.published_via == via


@pytest.mark.django_db
def test_known_occupations_show_what_the_source_files_say(shared_data):
    files = Sources(shared_data)
    esco = {
        uri: OccupationFactory(source=Source.ESCO, uri=uri, code=uri[-8:], title=title)
        for uri, title in [
            (ACCOUNTANT, "accountant"),
            (GRAPHIC_DESIGNER, "graphic designer"),
            (CREDIT_ANALYST, "credit analyst"),
            (ACCOUNTING_ANALYST, "accounting analyst"),
            (FINANCIAL_ANALYST, "financial analyst"),
        ]
    }
    onet = OccupationFactory(source=Source.ONET, code="13-2041.00", title="Credit Analysts")
    role = OccupationFactory(is_target=True, extends=esco[CREDIT_ANALYST])

    summary = run(shared_data).splitlines()[-1]

    for uri, occupation in esco.items():
        codes, via = files.codes_2019(uri, occupation.title)
        assert_figures(occupation, files.expected(codes), codes, via)
    # Each way of reaching the files is exercised.
    assert files.codes_2019(ACCOUNTANT, "accountant") == (["13-2011.00"], "crosswalk")
    assert files.codes_2019(CREDIT_ANALYST, "credit analyst") == (["13-2041.00"], "title")
    assert files.codes_2019(ACCOUNTING_ANALYST, "accounting analyst")[1] == "parent"
    assert len(files.codes_2019(FINANCIAL_ANALYST, "financial analyst")[0]) == 2
    assert_figures(onet, files.expected(["13-2041.00"]), ["13-2041.00"], "direct")
    # The role stores nothing itself and shows the credit analyst's figures.
    role.refresh_from_db()
    assert role.ai_exposure_beta is None
    assert role.published_figures_from == esco[CREDIT_ANALYST]
    assert "ESCO 5/5 occupations with figures" in summary
    assert "AI-era roles 1/1" in summary
    assert "1 updated" not in run(shared_data, verbosity=0)  # a second run changes nothing


# Small files shaped like the real ones (headers, BOM, delimiters, wage codes).
RATINGS = [f"{who}_rating_{m}" for who in ("dv", "human") for m in ("alpha", "beta", "gamma")]
ELOUNDOU = (
    ",".join(["O*NET-SOC Code", "Title", *RATINGS])
    + """
13-2011.00,Accountants and Auditors,0.3,0.6,0.9,0.2,0.52,0.8
13-2051.00,Financial and Investment Analysts,0.3,0.6,0.9,0.2,0.40,0.8
13-2054.00,Financial Risk Specialists,0.3,0.6,0.9,0.2,0.70,0.8
29-1211.00,Anesthesiologists,0.1,0.2,0.3,0.1,0.10,0.2
13-2041.00,Credit Analysts,0.1,0.6,1.0,0.2,0.56,0.9
27-2011.00,Actors,0.1,0.2,0.3,0.1,n/a,0.2
"""
)
TOMLINSON = """SOC Code,title,ai_applicability_score
13-2011,Accountants and Auditors,0.20
13-2051,Financial and Investment Analysts,0.30
13-2054,Financial Risk Specialists,0.50
"""
BLS_HEADER = (
    "AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,OCC_TITLE,"
    "O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,MEAN_PRSE,"
    "H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY"
)


def bls_row(code, group, employment, median):
    return (
        f'99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,{code},Title,{group},"{employment}",'
        f'0.1,,,,,30.00,"60,000",0.1,1,2,3,4,5,"1","2","{median}","4","5",,'
    )


BLS = "\n".join(
    [
        BLS_HEADER,
        bls_row("13-0000", "major", "9,000,000", "70,000"),
        bls_row("13-2011", "detailed", "1,000,000", "77,250"),
        bls_row("13-2051", "detailed", "300,000", "80,000"),
        bls_row("13-2054", "detailed", "100,000", "100,000"),
        bls_row("29-1211", "detailed", "31,130", "#"),
        bls_row("13-2041", "detailed", "70,000", "77,440"),
        bls_row("27-2011", "detailed", "30,100", "*"),
    ]
)
NESTA_HEADER = (
    "id,esco_occupation,isco_code,onet_code,onet_occupation,matching_job_titles,"
    "semantic_similarity,confidence,concept_uri"
)
NESTA = (
    NESTA_HEADER
    + """
1,accountant,2411,13-2011.01,accountants,"['accountant', 'bookkeeper']",0.89,1.0,urn:esco:accountant
2,financial analyst,2413,13-2051.00,financial analysts,[],0.9,2.0,urn:esco:financial-analyst
3,anaesthetist,2212,29-1061.00,anesthesiologists,['anaesthetist'],0.9,2.0,urn:esco:anaesthetist
4,wind turbine technician,3113,17-3029.00,engineering technicians,[],0.7,1.0,urn:esco:gone
5,lamplighter,9629,99-9999.00,lamplighters,[],0.5,0.5,urn:esco:lamplighter
"""
)
WALK = (
    "soc2010_code;soc2010_title;soc2019_code;soc2019_title\r\n"
    "13-2011.01;Accountants;13-2011.00;Accountants and Auditors\r\n"
    "13-2051.00;Financial Analysts;13-2051.00;Financial and Investment Analysts\r\n"
    "13-2051.00;Financial Analysts;13-2054.00;Financial Risk Specialists\r\n"
    "29-1061.00;Anesthesiologists;29-1211.00;Anesthesiologists\r\n"
    "13-2041.00;Credit Analysts;13-2041.00;Credit Analysts\r\n"
)
BROADER = """conceptType,conceptUri,broaderType,broaderUri
Occupation,urn:esco:accountant,ISCOGroup,http://data.europa.eu/esco/isco/C2411
Occupation,urn:esco:tax-accountant,Occupation,urn:esco:accountant
Occupation,urn:esco:junior-tax-accountant,Occupation,urn:esco:tax-accountant
Occupation,urn:esco:credit-analyst,Occupation,urn:esco:accountant
"""


@pytest.fixture
def small(tmp_path) -> Path:
    files = {
        "ai-exposure/eloundou_occ_level.csv": (ELOUNDOU, "utf-8"),
        "ai-exposure/tomlinson_soc_ai_applicability_scores.csv": (TOMLINSON, "utf-8"),
        "labour-market/bls_oews_national_may2021.csv": (BLS, "utf-8-sig"),
        "crosswalk/esco_onet_crosswalk_Nov2020.csv": (NESTA, "utf-8"),
        "crosswalk/onet_soc_2010_to_2019_crosswalk.csv": (WALK, "utf-8-sig"),
        "esco/broaderRelationsOccPillar.csv": (BROADER, "utf-8"),
    }
    for rel, (text, encoding) in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
    return tmp_path


def esco(uri, **kw):
    return OccupationFactory(source=Source.ESCO, uri=f"urn:esco:{uri}", code=uri, **kw)


@pytest.mark.django_db
def test_small_files_parse_combine_and_report_row_by_row(small):
    accountant, analyst = esco("accountant"), esco("financial-analyst")
    junior = esco("junior-tax-accountant")  # two levels below the crosswalk row
    # No crosswalk row, a broader occupation that has one, and an O*NET twin: the twin wins.
    credit = esco("credit-analyst", title="credit analyst")
    anaesthetist, lamplighter = esco("anaesthetist"), esco("lamplighter")
    actors = OccupationFactory(source=Source.ONET, code="27-2011.00")

    out = run(small)

    accountant.refresh_from_db()
    assert (accountant.ai_exposure_beta, accountant.ai_applicability) == (0.52, 0.20)
    assert accountant.us_median_pay == 77_250  # "77,250" read through the BOM-prefixed file
    assert (accountant.published_codes, accountant.published_via) == (["13-2011.00"], "crosswalk")
    junior.refresh_from_db()
    assert (junior.us_median_pay, junior.published_via) == (77_250, "parent")
    credit.refresh_from_db()
    assert (credit.published_codes, credit.published_via) == (["13-2041.00"], "title")
    assert (credit.ai_exposure_beta, credit.us_median_pay) == (0.56, 77_440)
    # Fan-out: weighted by US employment, 300,000 analysts to 100,000 risk specialists.
    analyst.refresh_from_db()
    assert analyst.ai_exposure_beta == pytest.approx((0.40 * 3 + 0.70) / 4)
    assert analyst.ai_applicability == pytest.approx((0.30 * 3 + 0.50) / 4)
    assert analyst.us_median_pay == 85_000
    assert analyst.published_codes == ["13-2051.00", "13-2054.00"]
    # "#" is a lower bound, "*" no figure.
    anaesthetist.refresh_from_db()
    assert (anaesthetist.us_median_pay, anaesthetist.us_median_pay_at_least) == (208_000, True)
    actors.refresh_from_db()
    assert not actors.has_published_figures and actors.published_via == ""
    lamplighter.refresh_from_db()
    assert not lamplighter.has_published_figures

    assert (
        "eloundou_occ_level.csv row 7 (27-2011.00) human_rating_beta: 'n/a' is not a number "
        "from 0 to 1; row skipped" in out
    )
    assert (
        "esco_onet_crosswalk_Nov2020.csv row 6 (lamplighter, urn:esco:lamplighter): O*NET-SOC "
        "2010 code 99-9999.00 is not in onet_soc_2010_to_2019_crosswalk.csv" in out
    )
    assert "row 5 (wind turbine technician, urn:esco:gone): no ESCO occupation" in out
    assert "O*NET-SOC 29-1211.00: no Tomlinson row" in out
    assert "O*NET 27-2011.00: in none of the three sources" in out
    summary = out.splitlines()[-1]
    assert summary.startswith("import_exposure: ESCO 5/6 occupations with figures")
    assert "(3 by the crosswalk, 1 by the same O*NET title, 1 by a broader occupation)" in summary
    assert "O*NET 0/1 direct" in summary

    again = run(small, verbosity=0)
    assert again.count("\n") == 1 and "0 updated, 7 unchanged" in again


@pytest.mark.django_db
def test_a_broken_file_writes_nothing(small):
    accountant = esco("accountant")
    run(small)
    tomlinson = small / "ai-exposure" / "tomlinson_soc_ai_applicability_scores.csv"
    tomlinson.write_text("SOC Code,title,score\n13-2011,Accountants,0.9\n")
    with pytest.raises(CommandError, match="missing column.*ai_applicability_score"):
        run(small)
    (small / "crosswalk" / "onet_soc_2010_to_2019_crosswalk.csv").unlink()
    with pytest.raises(CommandError, match="onet_soc_2010_to_2019_crosswalk.csv: file is missing"):
        run(small)
    accountant.refresh_from_db()
    assert accountant.ai_applicability == 0.20


@pytest.mark.django_db
def test_occupations_that_no_longer_map_lose_their_figures(small):
    accountant = esco("accountant")
    run(small)
    nesta = small / "crosswalk" / "esco_onet_crosswalk_Nov2020.csv"
    nesta.write_text(NESTA.replace("urn:esco:accountant", "urn:esco:someone-else"))
    run(small)
    accountant.refresh_from_db()
    assert not accountant.has_published_figures
    assert accountant.published_codes == [] and accountant.published_via == ""
