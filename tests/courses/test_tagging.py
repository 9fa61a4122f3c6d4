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
