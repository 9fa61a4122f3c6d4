"""The caseload page: what a counsellor sees per client, flags, filters, and its query count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from advisor.models import PathStep
from counselling import selectors
from counselling.services import plans
from tests.counselling.factories import client_with_plan

pytestmark = pytest.mark.django_db


def test_caseload_shows_target_readiness_progress_and_flags(counsellor):
    ready, ready_path = client_with_plan(counsellor=counsellor, steps=4, username="ready")
    PathStep.objects.filter(path=ready_path, order__lte=3).update(
        status="done", status_changed_at=timezone.now()
    )
    plans.path_approve(counsellor=counsellor, path=ready_path)
    stuck, stuck_path = client_with_plan(counsellor=counsellor, steps=2, username="stuck")
    old = timezone.now() - timedelta(weeks=selectors.STALLED_WEEKS + 1)
    type(stuck_path).objects.filter(pk=stuck_path.pk).update(created_at=old)
    client_with_plan(steps=2, username="not-mine")  # no grant: never listed

    rows = {c.username: c for c in selectors.caseload(counsellor)}
    assert set(rows) == {"ready", "stuck"}
    r = rows["ready"]
    assert (r.steps_done, r.steps_total, r.readiness) == (3, 4, 0.5)
    assert r.target_title == ready_path.assessment.target.title
    assert (r.stalled, r.awaiting_approval) == (False, False)
    s = rows["stuck"]
    assert (s.steps_done, s.steps_total) == (0, 2)
    assert (s.stalled, s.awaiting_approval) == (True, True)

    flagged = selectors.caseload_filtered(counsellor, flag="stalled")
    assert [c.username for c in flagged] == ["stuck"]
    by_progress = selectors.caseload_filtered(counsellor, ordering="-progress")
    assert [c.username for c in by_progress] == ["ready", "stuck"]
    found = selectors.caseload_filtered(counsellor, search="STU")
    assert [c.username for c in found] == ["stuck"]
    target = ready_path.assessment.target.code
    assert [c.username for c in selectors.caseload_filtered(counsellor, target=target)] == ["ready"]


def test_caseload_page_lists_clients_with_flags(client, counsellor):
    client_with_plan(counsellor=counsellor, username="ana")
    client.force_login(counsellor)
    page = client.get(reverse("counselling:caseload")).content.decode()
    assert "ana" in page and "plan awaiting approval" in page and "0 / 3" in page


@pytest.mark.parametrize(
    "params",
    [
        {"flag": "bogus"},
        {"sort": "password"},
        {"q": "x" * 500},
        {"page": "-1"},
        {"page": "abc"},
        {"target": "\x00"},
    ],
)
def test_caseload_bad_filters_never_500(client, counsellor, params):
    client_with_plan(counsellor=counsellor)
    client.force_login(counsellor)
    response = client.get(reverse("counselling:caseload"), params)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.context["form"].errors


def test_caseload_page_query_count_is_fixed_with_50_clients(
    client, counsellor, django_assert_num_queries
):
    for _ in range(50):
        client_with_plan(counsellor=counsellor, steps=2)
    client.force_login(counsellor)
    # session, user, page count, the page of 50 clients, the target-role menu: 5, with 50
    # clients as with 1. A regression to per-client queries would add 50+.
    with django_assert_num_queries(5):
        response = client.get(reverse("counselling:caseload"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 50
    assert response.content.decode().count("/counsellor/clients/") == 50
