import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from courses.models import Provider, Resource, ResourceSkill
from tests.skills.factories import SkillFactory

HEADER = [
    "provider", "external_id", "kind", "title", "description", "url", "language", "format",
    "hours", "price", "currency", "level", "rating", "certificate", "skills", "requires",
]  # fmt: skip


def row(**values):
    base = {
        "provider": "Acme Academy",
        "external_id": "",
        "kind": "course",
        "title": "A course",
        "description": "",
        "url": "https://acme.example/c",
        "language": "en",
        "format": "online",
        "hours": "10",
        "price": "0",
        "currency": "EUR",
        "level": "beginner",
        "rating": "",
        "certificate": "false",
        "skills": "",
        "requires": "",
    }
    base.update(values)
    return base


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_resources", str(path), *args, "-v0", stdout=out)
    return out.getvalue()


@pytest.fixture
def sql(db):
    return SkillFactory(name="SQL", uri="http://data.europa.eu/esco/skill/sql")


@pytest.fixture
def broken_file(tmp_path, sql):
    return write_csv(
        tmp_path / "broken.csv",
        [
            row(external_id="ok-1", title="SQL basics", url="https://acme.example/1",
                skills="SQL@2", description="Line one\r\nline two"),
            row(external_id="no-title", title="", url="https://acme.example/2"),
            row(external_id="neg-hours", title="Negative", url="https://acme.example/3",
                hours="-4"),
            row(external_id="bad-url", title="Bad link", url="not a url"),
            row(external_id="unknown-skill", title="Mystery", url="https://acme.example/5",
                skills="Underwater basket weaving@2"),
            row(external_id="ok-1", title="SQL basics again", url="https://acme.example/6"),
            row(external_id="bad-level", title="Levels", url="https://acme.example/7",
                level="guru"),
            row(external_id="ok-2", title="Advanced SQL", url="https://acme.example/8",
                skills="http://data.europa.eu/esco/skill/sql@4", requires="sql@2",
                price="49", currency="usd", rating="4.5", certificate="true"),
        ],
    )  # fmt: skip


def test_broken_rows_are_reported_and_valid_rows_imported(broken_file, tmp_path):
    report_path = tmp_path / "report.json"
    output = run(broken_file, "--report", str(report_path))

    report = json.loads(report_path.read_text())
    assert report["created"] == 2
    assert set(Resource.objects.values_list("external_id", flat=True)) == {"ok-1", "ok-2"}
    problems = {(p["row"], p["field"]) for p in report["invalid"]}
    assert problems == {(3, "title"), (4, "hours"), (5, "url"), (6, "skills"), (8, "level")}
    assert report["duplicates"] == [
        {
            "row": 7,
            "first_row": 2,
            "key": "Acme Academy id ok-1",
            "message": "same id ok-1 as row 2: skipped",
        }
    ]
    assert "row 4, hours" in output and "5 invalid" in output

    advanced = Resource.objects.get(external_id="ok-2")
    assert advanced.status == Resource.Status.DRAFT
    assert (advanced.price, advanced.currency, advanced.rating) == (49, "USD", 4.5)
    link = ResourceSkill.objects.get(resource=advanced)
    assert (link.level_taught, link.level_required) == (4, 2)
    assert Resource.objects.get(external_id="ok-1").description == "Line one\nline two"


def test_second_run_changes_nothing(broken_file, tmp_path):
    run(broken_file)
    report_path = tmp_path / "again.json"
    run(broken_file, "--report", str(report_path))
    report = json.loads(report_path.read_text())
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 2)
    assert Resource.objects.count() == 2


def test_changed_row_is_updated_in_place(tmp_path, sql):
    first = write_csv(tmp_path / "a.csv", [row(external_id="x", title="Old", skills="SQL@2")])
    run(first)
    second = write_csv(tmp_path / "b.csv", [row(external_id="x", title="New", skills="SQL@3")])
    report_path = tmp_path / "r.json"
    run(second, "--report", str(report_path))
    assert json.loads(report_path.read_text())["updated"] == 1
    resource = Resource.objects.get()
    assert resource.title == "New"
    assert resource.skill_links.get().level_taught == 3


def test_url_identifies_rows_without_external_id(tmp_path, db):
    path = write_csv(
        tmp_path / "u.csv",
        [row(url="https://acme.example/same", title="One"),
         row(url="https://acme.example/same", title="Two")],
    )  # fmt: skip
    report_path = tmp_path / "r.json"
    run(path, "--report", str(report_path))
    report = json.loads(report_path.read_text())
    assert report["created"] == 1
    assert report["duplicates"][0]["row"] == 3


def test_dry_run_writes_nothing(broken_file, tmp_path):
    output = run(broken_file, "--dry-run")
    assert "2 would be created" in output
    assert not Resource.objects.exists()
    assert not Provider.objects.exists()


def test_publish_only_publishes_resources_that_teach_a_skill(tmp_path, sql):
    path = write_csv(
        tmp_path / "p.csv",
        [row(external_id="a", url="https://acme.example/a", skills="SQL@2"),
         row(external_id="b", url="https://acme.example/b")],
    )  # fmt: skip
    report_path = tmp_path / "r.json"
    run(path, "--publish", "--report", str(report_path))
    statuses = dict(Resource.objects.values_list("external_id", "status"))
    assert statuses == {"a": "published", "b": "draft"}
    warnings = json.loads(report_path.read_text())["warnings"]
    assert [(w["row"], w["field"]) for w in warnings] == [(3, "skills")]


def test_json_file_with_skill_objects(tmp_path, sql):
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps(
            [
                {**row(external_id="j1"), "skills": [{"skill": "sql", "level": 3}]},
                {**row(external_id="j2", url="https://acme.example/j2"),
                 "skills": [{"skill": "SQL", "level": 9}]},
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    report_path = tmp_path / "report.json"
    run(path, "--report", str(report_path))
    report = json.loads(report_path.read_text())
    assert report["created"] == 1
    assert [(p["row"], p["field"]) for p in report["invalid"]] == [(2, "skills")]


def test_provider_option_fills_rows_without_provider(tmp_path, db):
    path = write_csv(tmp_path / "p.csv", [row(provider="")])
    run(path, "--provider", "City Hall Hackathons")
    assert Resource.objects.get().provider.name == "City Hall Hackathons"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.csv", "title,url\nCaf\xe9,https://x.example\n".encode("latin-1"), "not UTF-8"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        ("notes.csv", b"Dear team,\nplease find the courses below.\n", "missing column"),
        ("broken.json", b'[{"title": "x", ', "not valid JSON"),
        ("object.json", b'{"title": "x"}', "list of objects"),
        ("empty.csv", b"", "empty"),
    ],
)
def test_unreadable_file_stops_and_writes_nothing(tmp_path, db, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Resource.objects.exists()
    assert not Provider.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "nowhere.csv")


@pytest.mark.django_db
def test_certificate_price_and_dates_are_checked_row_by_row(tmp_path):
    header = [*HEADER, "certificate_price", "starts_on", "ends_on"]
    path = tmp_path / "dated.csv"
    rows = [
        row(external_id="ok", certificate_price="49", starts_on="2026-01-05",
            ends_on="2026-03-01", currency="USD", certificate="true"),
        row(external_id="bad-price", url="https://acme.example/2", certificate_price="free"),
        row(external_id="backwards", url="https://acme.example/3", starts_on="2026-03-01",
            ends_on="2026-01-05"),
        row(external_id="no-currency", url="https://acme.example/4", currency="",
            certificate_price="30"),
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    report_path = tmp_path / "report.json"
    run(path, "--report", str(report_path))
    problems = {(p["row"], p["field"]) for p in json.loads(report_path.read_text())["invalid"]}
    assert problems == {(3, "certificate_price"), (4, "ends_on"), (5, "currency")}
    ok = Resource.objects.get()
    assert (float(ok.price), float(ok.certificate_price), ok.currency) == (0, 49, "USD")
    assert (str(ok.starts_on), str(ok.ends_on)) == ("2026-01-05", "2026-03-01")


@pytest.mark.django_db
def test_topics_are_kept_raw_and_a_bad_topics_cell_names_its_row():
    from courses.importing import resources_import

    rows = [
        {
            "provider": "Acme",
            "title": "A",
            "url": "https://a.example/1",
            "hours": 2,
            "topics": ["Python Programming", "Artificial Intelligence (AI)"],
        },
        {
            "provider": "Acme",
            "title": "B",
            "url": "https://a.example/2",
            "hours": 2,
            "topics": {"not": "a list"},
        },
    ]
    report = resources_import(content=json.dumps(rows).encode(), name="r.json")
    assert [(p["row"], p["field"]) for p in report.invalid] == [(2, "topics")]
    kept = Resource.objects.get()
    assert kept.topics == ["Python Programming", "Artificial Intelligence (AI)"]
