import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skills.importers import esco as esco_importer
from skills.importers.esco import import_esco, is_ai_skill
from skills.models import Occupation, OccupationSkill, Skill, Source
from skills.selectors import occupation_search

from .conftest import ESCO_OCCUPATIONS, read_csv, write_csv

pytestmark = pytest.mark.django_db


def run(folder, **kwargs):
    return import_esco(folder, show_progress=False, **kwargs)


def test_small_copy_imports_occupations_skills_relations_at_mapped_levels(esco_copy):
    relations = read_csv(esco_copy / "occupationSkillRelations.csv")
    report = run(esco_copy)

    assert report["occupations"].created == ESCO_OCCUPATIONS
    assert report["skills"].created == Skill.objects.filter(source=Source.ESCO).count() > 0
    assert report["required skills"].created == len(relations) == OccupationSkill.objects.count()
    essential = OccupationSkill.objects.filter(essential=True)
    optional = OccupationSkill.objects.filter(essential=False)
    assert set(essential.values_list("level", "weight")) == {(3, 1.0)}
    assert set(optional.values_list("level", "weight")) == {(2, 0.5)}
    assert essential.count() == (relations.relationType == "essential").sum()
    # Alternative labels and the skill hierarchy come along.
    occupation = Occupation.objects.get(code=read_csv(esco_copy / "occupations_en.csv").code[0])
    assert occupation.alt_labels and occupation.isco_group
    assert Skill.objects.filter(groups__isnull=False).exists()


def test_second_run_creates_nothing_and_says_so(esco_copy):
    run(esco_copy)
    report = run(esco_copy)
    assert report.created == 0
    assert report["skills"].updated == 0 and report["required skills"].deleted == 0
    assert "nothing new" in "\n".join(report.lines())


def test_newer_release_updates_labels_and_drops_vanished_relations(esco_copy):
    run(esco_copy)
    skills = read_csv(esco_copy / "skills_en.csv")
    skills.loc[0, "preferredLabel"] = "renamed in the next release"
    write_csv(skills, esco_copy / "skills_en.csv")
    relations = read_csv(esco_copy / "occupationSkillRelations.csv")
    write_csv(relations.iloc[1:], esco_copy / "occupationSkillRelations.csv")

    report = run(esco_copy)

    assert report["skills"].updated == 1 and report.created == 0
    assert report["required skills"].deleted == 1
    assert Skill.objects.get(uri=skills.conceptUri[0]).name == "renamed in the next release"
    assert OccupationSkill.objects.count() == len(relations) - 1


def test_odd_rows_are_skipped_and_counted(esco_copy):
    skills = read_csv(esco_copy / "skills_en.csv")
    odd = skills.iloc[[0]].assign(
        conceptUri="http://example.org/skill/no-type", skillType="", reuseLevel=""
    )
    write_csv(pd.concat([skills, odd]), esco_copy / "skills_en.csv")
    relations = read_csv(esco_copy / "occupationSkillRelations.csv")
    extra = relations.iloc[[0, 0]].copy()
    extra.iloc[0, extra.columns.get_loc("skillUri")] = "http://example.org/skill/unknown"
    extra.iloc[1, extra.columns.get_loc("relationType")] = "sometimes"
    write_csv(pd.concat([relations, extra]), esco_copy / "occupationSkillRelations.csv")

    report = run(esco_copy)

    assert report["skills"].skipped == {
        "empty or unknown skillType, and no skill group to infer it": 1
    }
    assert report["required skills"].skipped == {
        "relationType is neither essential nor optional": 1,
        "skill uri not in the skills file (or skipped there)": 1,
    }
    assert OccupationSkill.objects.count() == len(relations)


def test_relation_files_with_en_suffix_are_accepted(esco_copy):
    (esco_copy / "occupationSkillRelations.csv").rename(
        esco_copy / "occupationSkillRelations_en.csv"
    )
    assert run(esco_copy)["required skills"].created > 0


def test_missing_file_stops_naming_it(esco_copy):
    (esco_copy / "skills_en.csv").unlink()
    with pytest.raises(CommandError, match=r"skills_en\.csv: file is missing"):
        call_command("import_esco", str(esco_copy), verbosity=0)
    assert not Skill.objects.exists()


def test_missing_column_stops_naming_file_and_column(esco_copy):
    occupations = read_csv(esco_copy / "occupations_en.csv").drop(columns=["preferredLabel"])
    write_csv(occupations, esco_copy / "occupations_en.csv")
    with pytest.raises(
        CommandError, match=r"occupations_en\.csv: missing column\(s\) preferredLabel"
    ):
        call_command("import_esco", str(esco_copy), verbosity=0)


def test_failure_midway_leaves_previous_catalogue_intact(esco_copy, monkeypatch):
    run(esco_copy)
    before = (Skill.objects.count(), OccupationSkill.objects.count())
    skills = read_csv(esco_copy / "skills_en.csv")
    skills.loc[0, "preferredLabel"] = "changed"
    write_csv(skills, esco_copy / "skills_en.csv")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(esco_importer, "_import_relations", broken)
    with pytest.raises(RuntimeError):
        run(esco_copy)
    assert (Skill.objects.count(), OccupationSkill.objects.count()) == before
    assert Skill.objects.get(uri=skills.conceptUri[0]).name != "changed"


def test_hand_edited_rows_survive_reimport(esco_copy):
    run(esco_copy)
    skill = Skill.objects.filter(source=Source.ESCO).first()
    skill.name, skill.curated = "our wording", True
    skill.save()
    occupation = Occupation.objects.filter(source=Source.ESCO).first()
    occupation.curated = True
    occupation.save()
    occupation.required_skills.all().delete()

    report = run(esco_copy)

    skill.refresh_from_db()
    assert skill.name == "our wording"
    assert report["skills"].skipped["hand-edited in the admin (curated): left as it is"] == 1
    assert not occupation.required_skills.exists()


def test_command_prints_report(esco_copy, capsys):
    call_command("import_esco", str(esco_copy), verbosity=0)
    out = capsys.readouterr().out
    assert f"occupations: {ESCO_OCCUPATIONS} created" in out


def test_french_labels_need_english_import_and_feed_search(esco_copy):
    skills = read_csv(esco_copy / "skills_en.csv")
    write_csv(
        skills.assign(preferredLabel="étiquette " + skills.preferredLabel, altLabels="synonyme"),
        esco_copy / "skills_fr.csv",
    )
    write_csv(read_csv(esco_copy / "occupations_en.csv"), esco_copy / "occupations_fr.csv")
    first = run(esco_copy, language="fr")
    assert first["skill labels (fr)"].skipped_total == len(skills)
    run(esco_copy)
    run(esco_copy, language="fr")
    skill = Skill.objects.get(uri=skills.conceptUri[0])
    assert skill.name_fr.startswith("étiquette ")
    assert " synonyme" in skill.search_text.splitlines()


def test_french_titles_and_alternative_titles_of_occupations_are_searchable(esco_copy, shared_data):
    english = read_csv(esco_copy / "occupations_en.csv")
    french = read_csv(shared_data / "esco-fr" / "occupations_fr.csv")
    french = french[french.conceptUri.isin(english.conceptUri)]
    write_csv(french, esco_copy / "occupations_fr.csv")
    write_csv(read_csv(esco_copy / "skills_en.csv").head(0), esco_copy / "skills_fr.csv")
    run(esco_copy)

    report = run(esco_copy, language="fr")

    assert report["occupation titles (fr)"].updated == len(french)
    row = french[french.altLabels != ""].iloc[0]
    occupation = Occupation.objects.get(uri=row.conceptUri)
    assert occupation.alt_labels_fr == row.altLabels.splitlines()
    assert occupation in occupation_search(row.altLabels.splitlines()[0])
    # A later English refresh keeps the French labels searchable.
    run(esco_copy)
    occupation.refresh_from_db()
    assert occupation in occupation_search(row.altLabels.splitlines()[0])


def test_ai_rule_flags_data_skills_not_broadcast_programming():
    assert is_ai_skill("machine learning", digital=True)
    assert is_ai_skill("statistics", digital=False)
    assert is_ai_skill("Python (computer programming)", digital=True)
    assert not is_ai_skill("develop programming schedule", digital=False)
    assert not is_ai_skill("graphic design", digital=True)


@pytest.mark.slow
def test_real_esco_files_import_whole_then_nothing_new(shared_data):
    report = run(shared_data / "esco")

    assert Occupation.objects.filter(source=Source.ESCO).count() == 3007
    assert report["occupations"].skipped == {
        "named only in the relations file, not in occupations_en.csv": 1
    }
    assert Skill.objects.filter(source=Source.ESCO).count() == 13896
    assert OccupationSkill.objects.count() == report["required skills"].created == 123_788
    assert report["required skills"].skipped_total == 67  # the relation-only occupation's rows
    assert Skill.objects.filter(is_digital=True).count() == 1201
    assert Skill.objects.filter(is_ai=True).count() > 50

    again = run(shared_data / "esco")
    assert again.created == 0
    assert again["required skills"].unchanged == 123_788
