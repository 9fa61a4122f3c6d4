import pytest

from courses.tagging import SkillTagger, suggest_skills
from tests.skills.factories import SkillFactory


def test_tagger_finds_skills_by_label_and_alternative_label():
    tagger = SkillTagger(
        [
            (1, "SQL", ["structured query language"]),
            (2, "Python (computer programming)", []),
            (3, "manage budgets", ["budget management"]),
            (4, "play the violin", []),
        ]
    )
    found = tagger.suggest(
        "Write queries in Structured Query Language and automate reports with Python. "
        "Budget management for small teams.",
        limit=3,
    )
    assert {s.skill_id for s in found} == {1, 2, 3}
    assert all(0 < s.score <= 1 for s in found)
    assert found == sorted(found, key=lambda s: -s.score)


def test_tagger_returns_nothing_for_unrelated_text():
    tagger = SkillTagger([(1, "play the violin", [])])
    assert tagger.suggest("Accounting standards and tax law", limit=5) == []


@pytest.mark.django_db
def test_suggest_skills_uses_the_taxonomy_in_the_database():
    sql = SkillFactory(name="SQL", alt_labels=["structured query language"])
    SkillFactory(name="play the violin")
    suggestions = suggest_skills("I wrote SQL reports every day", limit=10)
    assert [s.skill_id for s in suggestions] == [sql.id]
    # The model is rebuilt when the taxonomy changes.
    excel = SkillFactory(name="spreadsheet software", alt_labels=["Excel"])
    assert excel.id in {s.skill_id for s in suggest_skills("Excel and SQL", limit=10)}


def test_labels_and_phrases_meet_whatever_their_word_order_or_inflection():
    from courses.tagging import key

    assert key("analyse data") == key("data analysis") == key("analysing data")
    assert key("use spreadsheets software") == key("spreadsheet software")
    assert key("manage budgets") == key("budget management")
    # Not everything collapses: a different word stays different.
    assert key("Sass") != key("SAS") and key("economics") != key("economy")


def test_the_language_of_a_text_is_read_from_its_function_words():
    from courses.tagging import guess_language, text_language

    assert guess_language("Dans ce cours vous apprendrez la comptabilité des entreprises") == "fr"
    assert guess_language("En este curso aprenderás los conceptos de las bases de datos") == "es"
    assert guess_language("You will learn the basics of accounting for your business") == "en"
    assert guess_language("Python") is None
    # Coursera declares nothing (the mapping says English); the text decides when it is clear.
    assert text_language("En este curso aprenderás las bases de datos y su uso", "en") == "es"
    assert text_language("Python for everybody", "en") == "en"


def test_a_one_word_label_needs_its_own_spelling_unless_it_names_a_product():
    tagger = SkillTagger([(1, "economics", []), (2, "JavaScript", []), (3, "Unity", [])])
    assert tagger.suggest("", 5, title="The Longevity Economy") == []
    assert [s.skill_id for s in tagger.suggest("", 5, title="Javascripts for beginners")] == [2]
