"""The client file draws the gap radar the job-seeker's own pages draw (advisor.charts.radar
through templates/advisor/_radar.html), worded for the counsellor."""

import re

import pytest
from django.urls import reverse

from tests.counselling.factories import client_with_plan
from tests.skills.factories import OccupationFactory, OccupationSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_client_file_shows_the_gap_radar_with_every_skill_named(client, counsellor):
    role = OccupationFactory(is_target=True)
    names = ["Python", "Statistics", "Data visualisation & storytelling"]
    for name in names:
        OccupationSkillFactory(occupation=role, skill=SkillFactory(name=name), level=3)
    client_user, _path = client_with_plan(counsellor=counsellor, target=role)
    client.force_login(counsellor)
    page = client.get(reverse("counselling:client", args=[client_user.pk])).content.decode()
    figure = re.search(r'<figure class="radar">.*?</figure>', page, re.S)
    assert figure is not None
    svg = figure.group(0)
    assert svg.count('class="axis-label"') == 3
    # Names are escaped by the template, never pasted into the SVG as markup.
    assert "<title>Data visualisation &amp; storytelling</title>" in svg
    assert "levels compared with the role" in svg and "The client" in svg
    assert "the client now" in svg
