"""Current-job search: ESCO/O*NET titles and alternative titles, in English and French, both
halves of "masculin/féminin" titles, accents and case optional, never an AI-era target role.
Rows are shaped like ESCO's (labels copied from occupations_en.csv / occupations_fr.csv)."""

import pytest

from skills.models import Occupation, Source, occupation_aliases
from skills.selectors import current_jobs, occupation_search

from .factories import OccupationFactory

pytestmark = pytest.mark.django_db

NURSE_URI = "http://data.europa.eu/esco/occupation/8d3e8aaa-791b-4c75-a465-f3f827028f50"
DESIGNER_URI = "http://data.europa.eu/esco/occupation/69bcbb0a-8d80-4ecd-b0a4-9adea2a40de2"


def esco(code, title, title_fr="", alt=(), alt_fr=(), uri=None):
    return OccupationFactory(
        code=code,
        uri=uri or f"http://data.europa.eu/esco/occupation/test-{code}",
        source=Source.ESCO,
        title=title,
        title_fr=title_fr,
        alt_labels=list(alt),
        alt_labels_fr=list(alt_fr),
    )


@pytest.fixture
def jobs():
    return {
        "nurse": esco(
            "2221.1",
            "nurse responsible for general care",
            "infirmier de soins généraux/infirmière de soins généraux",
            alt=["adult nurse", "ward nurse"],
            alt_fr=["infirmière en soins généraux"],
            uri=NURSE_URI,
        ),
        "specialist": esco(
            "2221.2",
            "specialist nurse",
            "infirmier spécialiste/infirmière spécialiste",
            alt=["nurse practitioner"],
        ),
        "designer": esco(
            "2166.9",
            "graphic designer",
            "graphiste",
            alt=["graphic artist", "commercial graphic designer"],
            alt_fr=["designer graphiste/designeuse graphiste"],
            uri=DESIGNER_URI,
        ),
        "printer": esco(
            "7322.1", "digital printer", "imprimeur numérique", alt=["graphic designer"]
        ),
        "ai_designer": OccupationFactory(
            code="AI-DES-01",
            source=Source.CURATED,
            title="AI-augmented graphic designer",
            title_fr="Graphiste augmenté·e par l'IA",
            is_target=True,
        ),
    }


def titles(query):
    return [o.title for o in occupation_search(query)[:10]]


def test_each_half_of_a_masculine_feminine_title_finds_it_accents_and_case_optional(jobs):
    for query in ("infirmière de soins", "infirmier de soins", "INFIRMIERE DE SOINS"):
        assert titles(query) == ["nurse responsible for general care"], query


def test_finds_french_and_english_alternative_titles(jobs):
    assert titles("designeuse graphiste") == ["graphic designer"]
    assert titles("ward nurse") == ["nurse responsible for general care"]
    assert titles("nurse practitioner") == ["specialist nurse"]


def test_a_target_role_is_never_offered_as_a_current_job(jobs):
    assert "AI-augmented graphic designer" not in titles("graphic designer")
    assert "AI-augmented graphic designer" not in titles("graphiste")
    assert "AI-augmented graphic designer" not in titles("augmented")
    assert jobs["ai_designer"] not in current_jobs()


def test_exact_title_first_then_exact_alternative_then_titles_starting_with_it(jobs):
    # "graphic designer" is the designer's title and the printer's alternative title.
    assert titles("graphic designer") == ["graphic designer", "digital printer"]
    found = occupation_search("graphic designer")
    assert [o.rank for o in found] == [0, 1]
    assert titles("infirmi")[:2] == ["specialist nurse", "nurse responsible for general care"]


def test_curated_aliases_find_what_esco_lacks(jobs):
    assert "registered nurse" in occupation_aliases()[NURSE_URI]
    assert titles("registered nurse") == ["nurse responsible for general care"]
    assert titles("Infirmière")[0] == "nurse responsible for general care"
    assert occupation_search("infirmiere")[0].rank == 0  # ranks as a title: ticked
    assert titles("designer graphique") == ["graphic designer"]


def test_words_cut_to_their_stem_when_the_phrase_matches_nothing(jobs):
    # No label holds "designeur graphique"; both words share a stem with "designer graphiste".
    assert titles("designeur graphiques")[0] == "graphic designer"


def test_short_or_empty_queries_find_nothing(jobs):
    assert titles("") == [] and titles("i") == [] and titles(" - ") == []


def test_demo_stand_in_jobs_only_count_without_a_taxonomy():
    stand_in = OccupationFactory(code="DEMO-CUR-02", source=Source.DEMO, title="Graphic designer")
    assert titles("graphic designer") == ["Graphic designer"]
    esco("2166.9", "graphic designer")
    assert list(current_jobs()) == [Occupation.objects.get(code="2166.9")]
    assert stand_in not in current_jobs()


def test_search_columns_follow_edits_in_the_admin(jobs):
    nurse = jobs["nurse"]
    nurse.alt_labels_fr = [*nurse.alt_labels_fr, "infirmière de bloc"]
    nurse.save(update_fields=["alt_labels_fr"])
    assert titles("infirmiere de bloc") == ["nurse responsible for general care"]
