"""CSV exports load in pandas with the documented columns."""

import io
from pathlib import Path

import pandas as pd
import pytest
from django.urls import reverse

from counselling import exports, services
from tests.counselling.factories import client_with_plan
from tests.courses.factories import ResourceFactory

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[2] / "README.md"


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
    services.path_step_add(
        counsellor=counsellor,
        path=path,
        resource=ResourceFactory(title="Mentored project"),
        position=1,
        reason="Practice first",
    )
    services.path_approve(counsellor=counsellor, path=path)
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
    text = README.read_text(encoding="utf-8")
    for column in exports.CASELOAD_COLUMNS + exports.PLAN_COLUMNS:
        assert f"`{column}`" in text, column
