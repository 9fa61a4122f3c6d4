"""Consent is the only door: no grant → 404 everywhere; revoking closes it at once."""

import pytest
from django.urls import reverse

from advisor.models import CounsellorAccess
from counselling import selectors
from counselling.models import Note
from counselling.services import consent, notes, plans
from tests.accounts.factories import CounsellorFactory
from tests.counselling.factories import ProfileSkillFactory, client_with_plan
from tests.courses.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def _client_urls(client_user, path):
    step = path.steps.order_by("order").first()
    ps = ProfileSkillFactory(profile=path.profile)
    resource = ResourceFactory()
    c = client_user.pk
    return [
        ("get", reverse("counselling:client", args=[c]), {}),
        ("get", reverse("counselling:plan-csv", args=[c]), {}),
        ("post", reverse("counselling:note", args=[c]), {"body": "x"}),
        (
            "post",
            reverse("counselling:step-add", args=[c]),
            {"resource": resource.pk, "position": 1, "reason": "r"},
        ),
        ("post", reverse("counselling:step-remove", args=[c, step.pk]), {"reason": "r"}),
        (
            "post",
            reverse("counselling:step-move", args=[c, step.pk]),
            {"position": 2, "reason": "r"},
        ),
        ("post", reverse("counselling:approve", args=[c]), {"comment": ""}),
        (
            "post",
            reverse("counselling:skill-validate", args=[c, ps.pk]),
            {"level": 3, "note": "seen"},
        ),
        ("get", f"/api/v1/counsellor/clients/{c}/", {}),
        ("get", f"/api/v1/counsellor/clients/{c}/notes/", {}),
        ("post", f"/api/v1/counsellor/clients/{c}/notes/", {"body": "x"}),
        ("get", f"/api/v1/counsellor/clients/{c}/path-edits/", {}),
        (
            "post",
            f"/api/v1/counsellor/clients/{c}/path-edits/",
            {"action": "remove", "step": step.pk, "reason": "r"},
        ),
        ("post", f"/api/v1/counsellor/clients/{c}/approve/", {}),
        (
            "post",
            f"/api/v1/counsellor/clients/{c}/validate-skill/",
            {"profile_skill": ps.pk, "level": 3, "note": "seen"},
        ),
    ]


def _assert_all_404(http, urls):
    for method, url, data in urls:
        response = getattr(http, method)(url, data) if data else getattr(http, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)


def test_counsellor_without_grant_gets_404_on_every_client_page_and_endpoint(client):
    stranger = CounsellorFactory()
    client_user, path = client_with_plan(counsellor=CounsellorFactory())
    client.force_login(stranger)
    _assert_all_404(client, _client_urls(client_user, path))
    # Nothing was written through any of those doors.
    assert not Note.objects.exists()
    assert path.steps.count() == 3
    assert not path.approvals.exists()


def test_revocation_removes_access_at_once(client, counsellor):
    client_user, path = client_with_plan(counsellor=counsellor)
    client.force_login(counsellor)
    # With the grant, the same doors open (so the 404s below are the revocation's doing).
    for method, url, _data in _client_urls(client_user, path):
        if method == "get":
            assert client.get(url).status_code == 200, url
    assert client.get(f"/api/v1/counsellor/clients/{client_user.pk}/").status_code == 200
    listed = client.get("/api/v1/counsellor/clients/").json()["results"]
    assert [c["id"] for c in listed] == [client_user.pk]

    grant = CounsellorAccess.objects.get(client=client_user, counsellor=counsellor)
    client.force_login(client_user)
    response = client.post(reverse("counselling:my-grant-revoke", args=[grant.pk]))
    assert response.status_code == 302

    client.force_login(counsellor)
    _assert_all_404(client, _client_urls(client_user, path))
    assert client.get("/api/v1/counsellor/clients/").json()["results"] == []
    assert b"Step resource" not in client.get(reverse("counselling:caseload")).content


def test_revoked_then_regranted_client_is_visible_again(counsellor, user):
    grant = consent.access_grant(client=user, counsellor=counsellor, actor=user, via="code")
    consent.access_revoke(grant=grant, actor=user)
    assert not selectors.clients_visible_to(counsellor).exists()
    consent.access_grant(client=user, counsellor=counsellor, actor=user, via="code")
    assert list(selectors.clients_visible_to(counsellor)) == [user]


def test_client_never_sees_notes(client, counsellor):
    client_user, path = client_with_plan(counsellor=counsellor)
    notes.note_create(counsellor=counsellor, client=client_user, body="Private: seems anxious")
    plans.path_approve(counsellor=counsellor, path=path, comment="Go for it")
    client.force_login(client_user)
    page = client.get(reverse("counselling:my-counsellors"))
    assert page.status_code == 200
    assert b"Go for it" in page.content  # the approved plan is there…
    assert b"seems anxious" not in page.content  # …the note is not
    # The counsellor API refuses job-seekers outright, including on their own file.
    assert client.get(f"/api/v1/counsellor/clients/{client_user.pk}/notes/").status_code == 403
    assert client.get(f"/api/v1/counsellor/clients/{client_user.pk}/").status_code == 403
    assert client.get(reverse("counselling:client", args=[client_user.pk])).status_code == 403
    assert not selectors.notes_visible_to(client_user).exists()


def test_other_counsellor_with_access_reads_the_notes(counsellor):
    colleague = CounsellorFactory()
    client_user, _ = client_with_plan(counsellor=counsellor)
    CounsellorAccess.objects.create(client=client_user, counsellor=colleague)
    notes.note_create(counsellor=counsellor, client=client_user, body="shared")
    assert [n.body for n in selectors.notes_visible_to(colleague)] == ["shared"]


def test_job_seeker_is_refused_the_workspace(client, user):
    client.force_login(user)
    for name in (
        "counselling:caseload",
        "counselling:caseload-csv",
        "counselling:analytics",
        "counselling:invitations",
    ):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get("/api/v1/counsellor/clients/").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("counselling:caseload"))
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.get(reverse("counselling:my-counsellors")).status_code == 302
    assert client.get("/api/v1/counsellor/clients/").status_code in (401, 403)


def test_service_refuses_counsellor_without_grant(counsellor):
    from django.core.exceptions import PermissionDenied

    client_user, path = client_with_plan()
    with pytest.raises(PermissionDenied):
        notes.note_create(counsellor=counsellor, client=client_user, body="x")
    with pytest.raises(PermissionDenied):
        plans.path_approve(counsellor=counsellor, path=path)


def test_stranger_cannot_revoke_someone_elses_grant(client, counsellor, other_user):
    client_user, _ = client_with_plan(counsellor=counsellor)
    grant = CounsellorAccess.objects.get(client=client_user)
    client.force_login(other_user)
    assert client.post(reverse("counselling:my-grant-revoke", args=[grant.pk])).status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None
