"""`load_real_data DIR` on a small copy of ../shared/data: every stage in order, idempotent, and a
missing or broken sub-folder named with nothing written for its stage.

The copy keeps the real files' headers and formats; only rows are cut: the ESCO occupations the
AI-era roles extend (plus a few), their relations, every skill the roles or the regulated-skills
file name, three O*NET occupations, the first rows of each course scrape and of the Kaggle file.
"""

import csv
import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import advisor.real_data as real_data
from advisor.models import Transition
from conftest import SHARED_DATA
from courses.models import Resource
from skills.models import Occupation, Skill, Source
from skills.services import REGULATED_SKILLS_FILE, ROLES_FILE, RolesError
from tests.skills.copies import copy_esco, copy_onet
from tests.skills.copies import read_csv as _read
from tests.skills.copies import write_csv as _write

pytestmark = pytest.mark.django_db
SCRAPE_ROWS = 15
ESCO_EXTRA_OCCUPATIONS = 4


def _head_rows(src, dst, rows, *, repeat_first=False):
    """The header and first rows of a CSV, unchanged (the csv module keeps the header as is)."""
    with src.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        kept = [next(reader)] + [row for _, row in zip(range(rows), reader, strict=False)]
    if repeat_first:  # an exact duplicate row, as the real Udemy file has six
        kept.append(kept[1])
    with dst.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(kept)


def _build_copy(dst):
    roles = json.loads(ROLES_FILE.read_text())["roles"]
    wanted_skills = {s["uri"] for r in roles for s in r["skills"]}
    wanted_skills |= set(_read(REGULATED_SKILLS_FILE).uri)
    extends = {r["extends"]["uri"] for r in roles}

    skills = copy_esco(
        SHARED_DATA / "esco",
        dst / "esco",
        lambda frame: frame.conceptUri.isin(extends) | (frame.index < ESCO_EXTRA_OCCUPATIONS),
        extra_skills=wanted_skills,
    )
    occupations = _read(dst / "esco" / "occupations_en.csv")
    # Read by the exposure stage: an occupation without a crosswalk row takes its parent's.
    shutil.copy(SHARED_DATA / "esco" / "broaderRelationsOccPillar.csv", dst / "esco")

    src, out = SHARED_DATA / "esco-fr", dst / "esco-fr"
    out.mkdir()
    french = _read(src / "occupations_fr.csv")
    _write(french[french.conceptUri.isin(occupations.conceptUri)], out / "occupations_fr.csv")
    french = _read(src / "skills_fr.csv")
    _write(french[french.conceptUri.isin(skills.conceptUri)], out / "skills_fr.csv")

    copy_onet(SHARED_DATA / "onet", dst / "onet", 3)

    # Published exposure and pay: the small tables whole, the ESCO crosswalk cut to our copy.
    for folder, names in (
        ("ai-exposure", ("eloundou_occ_level.csv", "tomlinson_soc_ai_applicability_scores.csv")),
        ("labour-market", ("bls_oews_national_may2021.csv",)),
        ("crosswalk", ("onet_soc_2010_to_2019_crosswalk.csv",)),
    ):
        (dst / folder).mkdir(exist_ok=True)
        for name in names:
            shutil.copy(SHARED_DATA / folder / name, dst / folder / name)
    nesta = _read(SHARED_DATA / "crosswalk" / "esco_onet_crosswalk_Nov2020.csv")
    _write(
        nesta[nesta.concept_uri.isin(occupations.conceptUri)],
        dst / "crosswalk" / "esco_onet_crosswalk_Nov2020.csv",
    )

    (dst / "courses").mkdir()
    for name in ("coursera", "edx", "udemy"):
        _head_rows(
            SHARED_DATA / "courses" / f"{name}_courses.csv",
            dst / "courses" / f"{name}_courses.csv",
            SCRAPE_ROWS,
            repeat_first=name == "udemy",
        )
    (dst / "practice").mkdir()
    _head_rows(
        SHARED_DATA / "practice" / "kaggle_competitions.csv",
        dst / "practice" / "kaggle_competitions.csv",
        40,
    )


@pytest.fixture(scope="module")
def small_copy_template(tmp_path_factory):
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent on this machine")
    dst = tmp_path_factory.mktemp("real-data") / "data"
    _build_copy(dst)
    return dst


@pytest.fixture
def data(small_copy_template, tmp_path):
    """A fresh small copy per test, so a test may break a sub-folder of its own."""
    return shutil.copytree(small_copy_template, tmp_path / "data")


def _load(data):
    out = io.StringIO()
    call_command("load_real_data", str(data), verbosity=0, stdout=out)
    return out.getvalue()


def test_every_stage_runs_in_order_and_a_second_run_creates_nothing(data):
    printed = _load(data)

    lines = printed.splitlines()
    keys = [line.split()[0] for line in lines[2:] if line.split()[0] in real_data.STAGE_KEYS]
    assert keys == list(real_data.STAGE_KEYS)
    # Published exposure and pay reach the occupations the crosswalk names.
    assert Occupation.objects.filter(source=Source.ESCO, ai_exposure_beta__isnull=False).exists()
    assert Occupation.objects.filter(source=Source.ONET, us_median_pay__isnull=False).exists()
    # Practice: the public Kaggle competitions among the first rows; briefs for every role.
    assert Resource.objects.filter(kind="competition").exists()
    assert Resource.objects.filter(kind="project", provider__slug="reconversion").exists()
    # Linking tagged and published part of the scrapes.
    assert Resource.objects.filter(source__in=["coursera", "edx", "udemy"], status="published")
    esco_skills = len(_read(data / "esco" / "skills_en.csv"))
    assert Skill.objects.filter(source=Source.ESCO).count() == esco_skills
    assert Skill.objects.filter(source=Source.ESCO).exclude(name_fr="").exists()
    assert Occupation.objects.filter(source=Source.ONET).count() == 3
    roles = json.loads(ROLES_FILE.read_text())["roles"]
    assert Occupation.objects.filter(is_target=True).count() == len(roles)
    assert Skill.objects.get(name="radiation protection").regulated
    # 15 rows of each scrape; Udemy's repeated row is skipped and said so.
    assert Resource.objects.filter(source__in=["coursera", "edx", "udemy"]).count() == 45
    assert "skipped 1: same id or URL as an earlier row" in printed
    assert set(Transition.objects.values_list("source__source", flat=True)) == {
        Source.ESCO,
        Source.ONET,
    }
    # AI-era roles (curated) are targets of the taxonomy of the job they extend.
    assert Transition.objects.filter(target__source=Source.CURATED, target__is_target=True).exists()
    transition_ids = set(Transition.objects.values_list("id", flat=True))

    again = real_data.real_data_load(folder=data, progress=False)
    assert again.failed == []
    assert all(stage.status == "done" for stage in again.stages)
    assert again.created == 0
    assert all(stage.created == 0 for stage in again.stages)
    assert all(stage.updated == 0 for stage in again.stages if stage.status == "done")
    # Transitions were not recomputed: the taxonomy they come from did not change.
    assert set(Transition.objects.values_list("id", flat=True)) == transition_ids


def test_a_missing_sub_folder_is_named_and_its_stage_writes_nothing(data):
    shutil.rmtree(data / "onet")

    with pytest.raises(CommandError, match=f"stage onet failed: sub-folder {data / 'onet'}"):
        call_command("load_real_data", str(data), verbosity=0, stdout=io.StringIO())

    assert not Occupation.objects.filter(source=Source.ONET).exists()
    # The other stages still ran.
    assert Skill.objects.filter(source=Source.ESCO).exists()
    assert Resource.objects.filter(source="udemy").count() == SCRAPE_ROWS


def test_a_broken_file_fails_its_stage_whole_and_names_the_file(data):
    french = _read(data / "esco-fr" / "skills_fr.csv").drop(columns=["preferredLabel"])
    _write(french, data / "esco-fr" / "skills_fr.csv")
    (data / "courses" / "edx_courses.csv").write_text("title,oops\nA,B\n", encoding="utf-8")

    report = real_data.real_data_load(folder=data, progress=False)

    failed = {stage.key: stage.message for stage in report.failed}
    assert set(failed) == {"esco-fr", "edx"}
    assert "skills_fr.csv" in failed["esco-fr"] and "nothing written" in failed["esco-fr"]
    assert "edx_courses.csv" in failed["edx"] or "course_url" in failed["edx"]
    # The French occupation titles, in a good file of the same stage, were not written either.
    assert not Occupation.objects.filter(source=Source.ESCO).exclude(title_fr="").exists()
    assert not Resource.objects.filter(source="edx").exists()
    assert Resource.objects.filter(source="coursera").count() == SCRAPE_ROWS


def test_a_folder_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(CommandError, match="nowhere: not a folder"):
        call_command("load_real_data", str(tmp_path / "nowhere"), verbosity=0)


def test_a_stage_failing_half_way_rolls_back_what_it_had_written(data, monkeypatch):
    def broken(**kwargs):
        raise RolesError("regulated_skills.csv: row 3: 'uri' and 'why' are required")

    # The roles are written first, then the regulated-skills file fails: the stage is one unit.
    monkeypatch.setattr(real_data, "regulated_skills_load", broken)
    report = real_data.real_data_load(folder=data, only=("esco", "roles"), progress=False)

    [failed] = report.failed
    assert failed.key == "roles" and "row 3" in failed.message
    assert (failed.created, failed.updated, failed.unchanged) == (0, 0, 0)
    assert not Occupation.objects.filter(is_target=True).exists()
    assert Skill.objects.filter(source=Source.ESCO).exists()
