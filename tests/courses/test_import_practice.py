"""Kaggle competitions become practice: public, still scorable ones only, idempotently."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.db.models import F

from courses.linking import ACCEPT_CONFIDENCE
from courses.models import Resource
from courses.tagging import ALIASES_FILE, TEXT_ALIAS_MIN_CONFIDENCE

pytestmark = pytest.mark.django_db

# The columns the mapping reads, in the real file's order (a subset of its 42).
HEADER = [
    "Id", "Slug", "Title", "Subtitle", "HostSegmentTitle", "EnabledDate", "DeadlineDate",
    "HasLeaderboard", "EvaluationAlgorithmName", "RewardType", "RewardQuantity", "TotalTeams",
]  # fmt: skip


def kaggle_row(**values):
    row = {
        "Id": "3136",
        "Slug": "titanic",
        "Title": "Titanic - Machine Learning from Disaster",
        "Subtitle": "Start here! Predict survival on the Titanic and get familiar with ML basics",
        "HostSegmentTitle": "Getting Started",
        "EnabledDate": "09/28/2012 21:13:33",
        "DeadlineDate": "01/07/2030 00:00:00",
        "HasLeaderboard": "True",
        "EvaluationAlgorithmName": "Categorization Accuracy",
        "RewardType": "Knowledge",
        "RewardQuantity": "0.0000",
        "TotalTeams": "15000",
    }
    return {**row, **values}


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_practice", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def competitions(tmp_path):
    return write(
        tmp_path / "Competitions.csv",
        [
            kaggle_row(),
            kaggle_row(Id="2408", Slug="Eurovision2010", Title="Forecast Eurovision Voting",
                       HostSegmentTitle="Featured", EnabledDate="04/07/2010 07:57:43",
                       DeadlineDate="05/25/2010 18:00:00",
                       EvaluationAlgorithmName="Absolute Error"),
            kaggle_row(Id="9001", Slug="stats-101-class", Title="Class project",
                       HostSegmentTitle="InClass"),
            kaggle_row(Id="9002", Slug="hiring", Title="Hiring challenge",
                       HostSegmentTitle="Recruitment"),
            kaggle_row(Id="9003", Slug="analytics", Title="Data Science for Good",
                       HostSegmentTitle="Featured", HasLeaderboard="False"),
            kaggle_row(Id="9004", Slug="broken-date", Title="Broken date",
                       HostSegmentTitle="Playground", DeadlineDate="31/31/2020 00:00:00"),
            kaggle_row(Id="9005", Slug="", Title="No page", HostSegmentTitle="Research"),
        ],
    )  # fmt: skip


def test_public_scorable_competitions_become_draft_practice_with_dates(competitions):
    output = run(competitions)
    assert output.splitlines()[0].startswith("7 rows read: 2 created, 0 updated, 0 unchanged")
    titanic = Resource.objects.get(provider__name="Kaggle", external_id="3136")
    assert titanic.kind == Resource.Kind.COMPETITION and titanic.is_practice
    assert titanic.url == "https://www.kaggle.com/competitions/titanic"
    assert (str(titanic.starts_on), str(titanic.ends_on)) == ("2012-09-28", "2030-01-07")
    assert (titanic.level, float(titanic.hours)) == ("beginner", 10)
    assert titanic.topics == ["Categorization Accuracy"]
    assert titanic.status == Resource.Status.DRAFT  # no skills until the linker runs
    eurovision = Resource.objects.get(external_id="2408")
    assert (eurovision.level, float(eurovision.hours)) == ("advanced", 40)


def test_what_is_left_out_is_counted_and_bad_rows_are_named(competitions, tmp_path):
    report_path = tmp_path / "report.json"
    output = run(competitions, "--report", str(report_path))
    report = json.loads(report_path.read_text())
    assert report["left_out"] == {
        "classroom competition (InClass)": 1,
        "not a public competition (Recruitment)": 1,
        "no leaderboard, so late submissions cannot be scored": 1,
    }
    problems = {(p["row"], p["field"]) for p in report["invalid"]}
    assert problems == {(7, "ends_on"), (8, "url")}
    assert "row 7, ends_on: '31/31/2020 00:00:00' is not a date" in output
    assert not Resource.objects.filter(external_id__in=["9004", "9005"]).exists()


def test_second_run_creates_nothing_and_a_changed_deadline_updates(competitions, tmp_path):
    run(competitions)
    assert run(competitions).startswith("7 rows read: 0 created, 0 updated, 2 unchanged")
    moved = write(tmp_path / "moved.csv", [kaggle_row(DeadlineDate="01/07/2031 00:00:00")])
    assert run(moved).startswith("1 rows read: 0 created, 1 updated")
    assert str(Resource.objects.get(external_id="3136").ends_on) == "2031-01-07"


def test_real_competitions_file_gives_hundreds_of_public_competitions(shared_data, tmp_path):
    report_path = tmp_path / "report.json"
    run(shared_data / "practice" / "kaggle_competitions.csv", "--report", str(report_path))
    report = json.loads(report_path.read_text())
    assert report["rows"] == 5212 and report["invalid"] == []
    assert report["left_out"]["classroom competition (InClass)"] == 4749
    competitions = Resource.objects.filter(kind=Resource.Kind.COMPETITION)
    # SOURCE.md: about 430 Featured, Research, Playground and Getting Started competitions.
    assert 400 <= competitions.count() == report["created"] <= 434
    assert not competitions.filter(starts_on__isnull=True).exists()
    assert not competitions.filter(ends_on__lt=F("starts_on")).exists()


def test_metric_aliases_name_real_kaggle_metrics_and_esco_skills(shared_data):
    with (shared_data / "practice" / "kaggle_competitions.csv").open(encoding="utf-8") as f:
        metrics = {row["EvaluationAlgorithmName"] for row in csv.DictReader(f)}
    with (shared_data / "esco" / "skills_en.csv").open(encoding="utf-8", newline="") as f:
        esco = {row["conceptUri"]: row["preferredLabel"] for row in csv.DictReader(f)}
    with ALIASES_FILE.open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["note"].startswith("Kaggle metric")]
    assert len(rows) >= 30
    for row in rows:
        assert row["label"] in metrics, row["label"]
        assert esco.get(row["uri"]) == row["skill"], row["label"]
        assert float(row["confidence"]) >= ACCEPT_CONFIDENCE  # a competition's topic links
    # At that confidence an alias is read in free text too: the metric names must stay rare
    # in the courses' text, or they would tag courses that only mention a metric.
    labels = {row["label"].lower() for row in rows}
    assert all(float(row["confidence"]) >= TEXT_ALIAS_MIN_CONFIDENCE for row in rows)
    mentions = 0
    for name in ("coursera", "edx"):
        with (shared_data / "courses" / f"{name}_courses.csv").open(
            encoding="utf-8", newline=""
        ) as f:
            for course in csv.DictReader(f):
                text = " ".join(course.values()).lower()
                mentions += sum(label in text for label in labels)
    assert mentions <= 3
