"""Moving Note from advisor to counselling keeps every note (migrations advisor 0007 and
counselling 0002), and going back keeps them too."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("advisor", "0006_priority_and_objective"), ("counselling", "0001_initial")]
AFTER = [("advisor", "0007_note_moves_to_counselling"), ("counselling", "0002_note")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_notes_written_before_the_move_survive_it_both_ways():
    apps = _migrate(BEFORE)
    User = apps.get_model("accounts", "User")
    client = User.objects.create(username="client-before-move")
    counsellor = User.objects.create(username="counsellor-before-move")
    OldNote = apps.get_model("advisor", "Note")
    OldNote.objects.create(client=client, author=counsellor, body="Prefers evening courses")
    try:
        apps = _migrate(AFTER)
        Note = apps.get_model("counselling", "Note")
        moved = Note.objects.get(client_id=client.pk)
        assert (moved.author_id, moved.body) == (counsellor.pk, "Prefers evening courses")
        ContentType = apps.get_model("contenttypes", "ContentType")
        assert not ContentType.objects.filter(app_label="advisor", model="note").exists()

        apps = _migrate(BEFORE)
        back = apps.get_model("advisor", "Note").objects.get(client_id=client.pk)
        assert back.body == "Prefers evening courses"
    finally:
        _migrate(_latest())


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
