"""Pasting a CV proposes skills with evidence in the text and never lowers a saved level
(issue 12, bug 2)."""

import re

import pytest

from advisor.models import Profile, ProfileSkill
from advisor.proposals import evidence_covers
from tests.advisor.journey_data import build_world

# (skill name, the words of the CV the tagger matched it on, whether that is evidence). Taken from
# what the tagger proposed on real ESCO labels for a designer's, a nurse's and a marketer's CV.
EVIDENCE = [
    ("typography", "typography", True),
    ("manage feedback", "manage client feedback", True),
    ("define brand identity", "brand identities", True),
    ("administer prescribed medication", "administering medication", True),
    ("use electronic health records in nursing", "electronic health record", True),
    ("execute email marketing", "email marketing", True),
    ("prepare market research reports", "market research and reporting", True),
    ("design principles", "colour", False),
    ("think creatively", "design", False),
    ("set theory", "theory", False),
    ("measure customer feedback", "manage client feedback", False),
    ("provide flock medical treatment", "administering medication", False),
    ("nurse plants", "nursing", False),
    ("journalism", "reporting", False),
    ("market analysis", "market research", False),
    ("packaging processes", "packaging", False),
]


@pytest.mark.parametrize(("label", "evidence", "expected"), EVIDENCE)
def test_a_proposal_needs_the_persons_own_words_for_most_of_the_skill(label, evidence, expected):
    assert evidence_covers(label, evidence) is expected


@pytest.fixture
def world(db):
    return build_world()


def test_a_cv_proposal_shows_the_saved_level_and_keeps_it_unless_changed(client, user, world):
    sql, copy = world.skills["sql"], world.skills["copywriting"]
    profile = Profile.objects.create(user=user)
    ProfileSkill.objects.create(profile=profile, skill=sql, level=5)
    client.force_login(user)
    text = "Five years of newsletters; I write SQL querying scripts for our monthly reports."
    html = client.post("/me/skills/from-text/", {"text": text}).content.decode()
    # The saved level is shown beside the proposal and is the one chosen.
    assert "Your level now: 5" in html
    assert re.search(rf'name="level_{sql.pk}" value="5"[^>]*checked', html)
    assert "Found in your text: “sql querying" in html
    # Accepting as shown changes nothing: level and where it came from stay.
    client.post("/me/skills/from-text/", {"accept": "1", "skill": [sql.pk], f"level_{sql.pk}": 5})
    saved = profile.skills.get(skill=sql)
    assert (saved.level, saved.source) == (5, ProfileSkill.Source.SELF)
    # Lowering it is the person's explicit choice, and then it is saved.
    client.post("/me/skills/from-text/", {"accept": "1", "skill": [sql.pk], f"level_{sql.pk}": 3})
    assert profile.skills.get(skill=sql).level == 3
    assert not profile.skills.filter(skill=copy).exists()
