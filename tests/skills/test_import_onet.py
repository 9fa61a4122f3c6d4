import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skills.importers.onet import import_onet, level_from_lv, tool_requirement, weight_from_im
from skills.models import Occupation, OccupationSkill, Skill, Source

from .conftest import read_csv, write_csv

pytestmark = pytest.mark.django_db


def run(folder):
    return import_onet(folder, show_progress=False)


def test_scales_map_onto_ours():
    assert [level_from_lv(v) for v in (0, 1.4, 3.5, 7)] == [0, 1, 3, 5]
    assert [weight_from_im(v) for v in (1, 3, 5)] == [0.0, 0.5, 1.0]
    assert tool_requirement(hot=True, in_demand=True) == {
        "level": 3,
        "weight": 1.0,
        "essential": True,
        "in_demand": True,
    }
    assert tool_requirement(hot=False, in_demand=False)["weight"] == 0.25


def test_small_copy_imports_occupations_ratings_and_tools(onet_copy):
    skills = read_csv(onet_copy / "Skills.txt", "\t")
    report = run(onet_copy)

    assert report["occupations"].created == 3
    chief = Occupation.objects.get(code="11-1011.00")
    assert chief.job_zone == 5 and "CEO (Chief Executive Officer)" in chief.alt_labels
    reading = OccupationSkill.objects.get(occupation=chief, skill__uri="onet:element:2.A.1.a")
    row = skills[(skills["O*NET-SOC Code"] == "11-1011.00") & (skills["Element ID"] == "2.A.1.a")]
    lv = float(row[row["Scale ID"] == "LV"]["Data Value"].iloc[0])
    im = float(row[row["Scale ID"] == "IM"]["Data Value"].iloc[0])
    assert (reading.level, reading.weight) == (level_from_lv(lv), weight_from_im(im))
    tools = Skill.objects.filter(source=Source.ONET, kind=Skill.Kind.TOOL)
    assert tools.exists() and tools.filter(is_hot=True).exists()
    assert OccupationSkill.objects.filter(in_demand=True, skill__kind=Skill.Kind.TOOL).exists()
    assert report["required skills"].skipped["Not Relevant = Y"] > 0


def test_second_run_creates_nothing(onet_copy):
    run(onet_copy)
    again = run(onet_copy)
    assert again.created == 0 and again["required skills"].updated == 0


def test_bad_rating_value_and_suppressed_rows_are_skipped(onet_copy):
    skills = read_csv(onet_copy / "Skills.txt", "\t")
    skills.loc[0, "Data Value"] = "n/a"
    skills.loc[2, "Recommend Suppress"] = "Y"
    write_csv(skills, onet_copy / "Skills.txt", "\t")
    report = run(onet_copy)
    assert report["required skills"].skipped["Data Value is not a number"] == 1
    assert report["required skills"].skipped["Recommend Suppress = Y (low-precision estimate)"] >= 1


def test_missing_column_names_file_and_column(onet_copy):
    tech = read_csv(onet_copy / "Technology Skills.txt", "\t").drop(columns=["Hot Technology"])
    write_csv(tech, onet_copy / "Technology Skills.txt", "\t")
    with pytest.raises(CommandError, match=r"Technology Skills\.txt: missing column\(s\) Hot"):
        call_command("import_onet", str(onet_copy), verbosity=0)
    assert not Occupation.objects.exists()


def test_missing_file_is_named(onet_copy):
    (onet_copy / "Job Zones.txt").unlink()
    with pytest.raises(CommandError, match=r"Job Zones\.txt: file is missing"):
        call_command("import_onet", str(onet_copy), verbosity=0)
    assert not Occupation.objects.exists()


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("import_onet", str(tmp_path / "nowhere"), verbosity=0)


@pytest.mark.slow
def test_real_onet_files_import_whole_then_nothing_new(shared_data):
    report = run(shared_data / "onet")
    assert Occupation.objects.filter(source=Source.ONET).count() == 1016
    assert Skill.objects.filter(source=Source.ONET, kind=Skill.Kind.TOOL).count() == 8775
    assert Skill.objects.filter(source=Source.ONET).exclude(kind=Skill.Kind.TOOL).count() == 68
    rated = OccupationSkill.objects.filter(occupation__source=Source.ONET).exclude(
        skill__kind=Skill.Kind.TOOL
    )
    assert rated.values("occupation").distinct().count() == 879
    assert report["required skills"].skipped["Not Relevant = Y"] > 0
    assert run(shared_data / "onet").created == 0


def test_an_import_that_changes_the_taxonomy_recomputes_transitions(
    onet_copy, django_capture_on_commit_callbacks
):
    from advisor.models import Transition

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_onet", str(onet_copy), verbosity=0)
    computed = Transition.objects.filter(source__source=Source.ONET)
    # Three occupations in the copy: each gets its ranked moves to the other two.
    assert computed.count() == 6
    assert set(computed.values_list("rank", flat=True)) == {1, 2}
    computed.delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_onet", str(onet_copy), verbosity=0)
    assert not Transition.objects.exists(), "an import that changed nothing recomputes nothing"
