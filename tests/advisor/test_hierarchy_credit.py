"""Partial credit through ESCO's skill hierarchy (issue 11 item 4): a narrower skill counts for
part of its broader skill, a sibling for less; what the person entered is never replaced."""

import pytest

from advisor.models import Profile, ProfileSkill
from advisor.selectors import profile_levels
from skills.models import Source
from tests.skills.factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programming():
    def esco(name):
        return SkillFactory(name=name, source=Source.ESCO)

    broad = esco("computer programming")
    python, java, sql = esco("Python (computer programming)"), esco("Java"), esco("SQL")
    python.broader.add(broad)
    java.broader.add(broad)
    return broad, python, java, sql


def test_a_narrower_skill_counts_for_its_broader_one_and_less_for_its_siblings(user, programming):
    broad, python, java, sql = programming
    profile = Profile.objects.create(user=user)
    ProfileSkill.objects.create(profile=profile, skill=python, level=4)
    levels = profile_levels(profile=profile)
    assert levels[python.pk] == 4  # as entered
    assert levels[broad.pk] == 3  # broader: one level less
    assert levels[java.pk] == 2  # sibling: two levels less
    assert sql.pk not in levels  # unrelated: nothing
    assert dict(profile.skills.values_list("skill_id", "level")) == {python.pk: 4}  # not stored


def test_a_level_the_person_entered_is_never_replaced_by_a_credit(user, programming):
    broad, python, _java, _sql = programming
    profile = Profile.objects.create(user=user)
    ProfileSkill.objects.create(profile=profile, skill=python, level=5)
    ProfileSkill.objects.create(profile=profile, skill=broad, level=1)
    assert profile_levels(profile=profile)[broad.pk] == 1
