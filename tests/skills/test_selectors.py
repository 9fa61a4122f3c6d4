import pytest
from django.db import connection

from skills.selectors import skill_search

from .factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills():
    return {
        "ml": SkillFactory(name="machine learning", alt_labels=["ML", "statistical learning"]),
        "use_ml": SkillFactory(name="utilise machine learning"),
        "py": SkillFactory(name="Python (computer programming)", alt_labels_fr=["langage Python"]),
        "cpp": SkillFactory(name="C++"),
        "fr": SkillFactory(name="graphic design", name_fr="conception graphique"),
        "welding": SkillFactory(name="welding"),
    }


def names(query):
    return [s.name for s in skill_search(query)[:10]]


def test_finds_by_label_best_match_first(skills):
    assert names("machine learning") == ["machine learning", "utilise machine learning"]
    assert names("Machine  LEARN") == ["machine learning", "utilise machine learning"]


def test_finds_by_alternative_and_french_labels(skills):
    assert names("statistical") == ["machine learning"]
    assert names("langage") == ["Python (computer programming)"]
    assert names("conception") == ["graphic design"]


def test_matches_word_starts_and_keeps_symbols(skills):
    assert names("programming") == ["Python (computer programming)"]
    assert names("c++") == ["C++"]


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="PostgreSQL falls back to typo matching"
)
def test_text_inside_a_word_does_not_match(skills):
    assert names("earning") == []


def test_blank_query_finds_nothing(skills):
    assert names("   ") == []


def test_saving_a_skill_keeps_search_text_in_step(skills):
    skill = skills["welding"]
    skill.alt_labels = ["soudure"]
    skill.save(update_fields=["alt_labels"])
    assert names("soudure") == ["welding"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram typo match is PostgreSQL")
def test_small_typo_still_finds_the_skill_on_postgresql(skills):
    assert names("machin lerning")[0] == "machine learning"
