"""CSV exports load in pandas with the documented columns."""

import io
from pathlib import Path

import pandas as pd
import pytest
from django.urls import reverse

from advisor.models import Assessment
from counselling import exports
from counselling.services import plans
from tests.advisor.world import build_world
from tests.counselling.factories import client_assessed_by_the_worker, client_with_plan
from tests.courses.factories import ResourceFactory

pytestmark = pytest.mark.django_db
CSV_DOC = Path(__file__).resolve().parents[2] / "docs" / "counselling.md"


def test_caseload_csv_loads_in_pandas_with_documented_columns(client, counsellor):
    a, path = client_with_plan(counsellor=counsellor, username="ana", first_name="=HYPERLINK")
    client_with_plan(counsellor=counsellor, username="bob")
    client_with_plan(username="stranger")
    client.force_login(counsellor)
    response = client.get(reverse("counselling:caseload-csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    df = pd.read_csv(io.StringIO(response.content.decode()))
    assert list(df.columns) == exports.CASELOAD_COLUMNS
    assert sorted(df["username"]) == ["ana", "bob"]
    row = df.set_index("username").loc["ana"]
    assert (row["readiness_pct"], row["steps_done"], row["steps_total"]) == (50, 0, 3)
    assert row["awaiting_approval"] == 1 and row["stalled"] == 0
    assert pd.to_datetime(df["access_granted_at"]).notna().all()
    # A cell that would run as a spreadsheet formula is defused.
    assert row["full_name"].startswith("'=")


def test_plan_csv_loads_in_pandas_with_documented_columns(client, counsellor):
    client_user, path = client_with_plan(counsellor=counsellor, steps=2)
    plans.path_step_add(
        counsellor=counsellor,
        path=path,
        resource=ResourceFactory(title="Mentored project"),
        position=1,
        reason="Practice first",
    )
    plans.path_approve(counsellor=counsellor, path=path)
    client.force_login(counsellor)
    response = client.get(reverse("counselling:plan-csv", args=[client_user.pk]))
    df = pd.read_csv(io.StringIO(response.content.decode()))
    assert list(df.columns) == exports.PLAN_COLUMNS
    assert list(df["step"]) == [1, 2, 3]
    first = df.iloc[0]
    assert (first["title"], first["counsellor_change"], first["counsellor_reason"]) == (
        "Mentored project",
        "add",
        "Practice first",
    )
    assert df["approved_at"].notna().all()


def test_every_csv_column_is_documented():
    text = CSV_DOC.read_text(encoding="utf-8")
    for column in exports.CASELOAD_COLUMNS + exports.PLAN_COLUMNS:
        assert f"`{column}`" in text, column


def test_plan_csv_of_a_computed_plan_names_the_skills_and_says_why(
    client, counsellor, django_capture_on_commit_callbacks
):
    """Issue 12, bug 6: the export of a plan the worker computed, read back cell by cell."""
    world = build_world()
    profile, assessment = client_assessed_by_the_worker(
        counsellor,
        world,
        django_capture_on_commit_callbacks,
        skills=[(world["skills"]["python"].id, 1)],
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DONE, assessment.error
    client.force_login(counsellor)
    response = client.get(reverse("counselling:plan-csv", args=[profile.user.pk]))
    df = pd.read_csv(io.StringIO(response.content.decode())).set_index("title")
    python = df.loc["Python basics"]
    # Python basics takes Python to 2 (courses alone reach 2), as the role needs: from 1 to 2.
    assert python["skills_closed"] == "Python 1→2"
    assert "Raises Python from level 1 to 2." in python["why_this_step"]
    assert "Comes before “ML course”" in python["why_this_step"]
    # Every step names at least one skill by name, never a raw [id, from, to] list.
    assert not df["skills_closed"].str.contains(r"\[|^#", regex=True).any()


def test_a_removed_step_is_no_longer_named_by_the_steps_that_came_before_it(
    client, counsellor, django_capture_on_commit_callbacks
):
    """Issue 12, bug 5: after a counsellor removes "ML course", "Python basics" stops saying
    it comes before it, in the export and on the client's page."""
    world = build_world()
    _, assessment = client_assessed_by_the_worker(
        counsellor, world, django_capture_on_commit_callbacks
    )
    path = assessment.path
    ml_step = path.steps.get(resource__title="ML course")
    plans.path_step_remove(counsellor=counsellor, step=ml_step, reason="Too advanced for now")
    df = pd.read_csv(io.StringIO(exports.to_csv(exports.plan_rows(path), exports.PLAN_COLUMNS)))
    why = df.set_index("title").loc["Python basics", "why_this_step"]
    assert "Raises Python" in why and "ML course" not in why
