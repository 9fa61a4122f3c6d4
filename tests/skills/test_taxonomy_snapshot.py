"""The ESCO snapshot in the repo: built reproducibly from the official files, loaded through the
ESCO importer once (then a no-op), never over a taxonomy imported from the files, and on the real
snapshot the searches people make find the ESCO occupations."""

import gzip
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skills.importers.esco import import_esco
from skills.models import Occupation, OccupationSkill, Skill, SnapshotLoad, Source
from skills.selectors import occupation_search
from skills.snapshot import SNAPSHOT_FILE, SnapshotError, snapshot_build, snapshot_load

from .conftest import read_csv, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_data(esco_copy, shared_data):
    """A data folder like ../shared/data: esco/ (a few occupations) and esco-fr/ (their labels)."""
    folder = esco_copy.parent
    uris = set(read_csv(esco_copy / "occupations_en.csv").conceptUri)
    skill_uris = set(read_csv(esco_copy / "skills_en.csv").conceptUri)
    (folder / "esco-fr").mkdir()
    occupations = read_csv(shared_data / "esco-fr" / "occupations_fr.csv")
    skills = read_csv(shared_data / "esco-fr" / "skills_fr.csv")
    write_csv(
        occupations[occupations.conceptUri.isin(uris)], folder / "esco-fr" / "occupations_fr.csv"
    )
    write_csv(skills[skills.conceptUri.isin(skill_uris)], folder / "esco-fr" / "skills_fr.csv")
    return folder


@pytest.fixture
def small_snapshot(small_data, tmp_path):
    path = tmp_path / "snapshot.json.gz"
    snapshot_build(small_data, path)
    return path


def test_building_twice_gives_the_same_bytes(small_data, tmp_path):
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    snapshot_build(small_data, first)
    snapshot_build(small_data, second)
    assert first.read_bytes() == second.read_bytes()


def test_load_writes_english_and_french_labels_then_is_a_no_op(small_data, small_snapshot):
    french = read_csv(small_data / "esco-fr" / "occupations_fr.csv").iloc[0]
    result = snapshot_load(small_snapshot, show_progress=False)

    assert result.status == "loaded" and result.changed
    occupation = Occupation.objects.get(uri=french.conceptUri)
    assert occupation.title_fr == french.preferredLabel
    assert occupation.alt_labels_fr == [x for x in french.altLabels.splitlines() if x]
    assert occupation.required_skills.exists() and Skill.objects.exclude(name_fr="").exists()
    # Either half of the French title finds it.
    for half in french.preferredLabel.split("/"):
        assert occupation in occupation_search(half)[:10], half

    again = snapshot_load(small_snapshot, show_progress=False)
    assert again.status == "already loaded" and not again.reports
    assert SnapshotLoad.objects.count() == 1


def test_a_taxonomy_imported_from_the_files_is_left_alone_unless_forced(esco_copy, small_snapshot):
    import_esco(esco_copy, show_progress=False)
    assert snapshot_load(small_snapshot, show_progress=False).status == "imported from files"
    assert not Occupation.objects.exclude(title_fr="").exists()
    assert snapshot_load(small_snapshot, force=True, show_progress=False).status == "loaded"
    assert Occupation.objects.exclude(title_fr="").exists()


def test_a_snapshot_without_a_column_the_importer_reads_is_refused_whole(small_snapshot, tmp_path):
    document = json.loads(gzip.decompress(small_snapshot.read_bytes()))
    del document["tables"]["fr"]["occupations"]["altLabels"]
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(json.dumps(document).encode()))

    with pytest.raises(SnapshotError, match="fr/occupations lacks column.s. altLabels"):
        snapshot_load(broken, show_progress=False)
    assert not Occupation.objects.exists() and not SnapshotLoad.objects.exists()
    not_gzip = tmp_path / "occupations_en.csv"
    not_gzip.write_text("conceptUri,preferredLabel\n")
    with pytest.raises(CommandError, match="not a gzip'd JSON snapshot"):
        call_command("taxonomy_snapshot", "load", "--file", str(not_gzip))


def test_build_names_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="esco: not a folder"):
        call_command("taxonomy_snapshot", "build", str(tmp_path), "--output", str(tmp_path / "s"))


def test_every_alias_names_an_occupation_of_the_snapshot_by_its_english_title():
    data = json.loads((SNAPSHOT_FILE.parent / "occupation_aliases.json").read_text())
    document = json.loads(gzip.decompress(SNAPSHOT_FILE.read_bytes()))
    occupations = document["tables"]["en"]["occupations"]
    uris = [document["uris"][i] for i in occupations["conceptUri"]]
    title_of = dict(zip(uris, occupations["preferredLabel"], strict=True))
    for entry in data["occupations"]:
        assert title_of.get(entry["uri"]) == entry["esco_label"], entry["uri"]


@pytest.mark.slow
def test_committed_snapshot_is_the_build_of_the_shared_data(shared_data, tmp_path):
    rebuilt = tmp_path / "esco_snapshot.json.gz"
    summary = snapshot_build(shared_data, rebuilt)
    assert rebuilt.read_bytes() == SNAPSHOT_FILE.read_bytes()
    assert summary["bytes"] <= 15_000_000


@pytest.mark.slow
def test_real_snapshot_then_demo_and_roles_find_esco_jobs_never_target_roles():
    call_command("taxonomy_snapshot", "load", verbosity=0)
    assert Occupation.objects.filter(source=Source.ESCO).count() == 3007
    assert OccupationSkill.objects.filter(occupation__source=Source.ESCO).count() == 123_788
    call_command("seed_demo", verbosity=0)
    call_command("load_roles", verbosity=0)
    assert Occupation.objects.filter(is_target=True, extends__source=Source.ESCO).count() >= 16

    expected = {
        "infirmière": "nurse responsible for general care",
        "infirmiere": "nurse responsible for general care",
        "registered nurse": "nurse responsible for general care",
        "designer graphique": "graphic designer",
        "graphic designer": "graphic designer",
        "credit analyst": "credit analyst",
        "marketing manager": "marketing manager",
    }
    for query, title in expected.items():
        found = list(occupation_search(query)[:10])
        assert found and found[0].title == title, (query, [o.title for o in found])
        assert {o.source for o in found} == {Source.ESCO}, query
        assert not any(o.is_target for o in found), query
