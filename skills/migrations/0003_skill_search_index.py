"""Skill search: backfill search_text, and on PostgreSQL a trigram GIN index over it.

The extension and index are created only on PostgreSQL so the embedded SQLite default still
migrates; there skill search falls back to a plain LIKE scan (fine at demo scale).
"""

from django.db import migrations

INDEX = "skills_skill_search_trgm"


def backfill_search_text(apps, schema_editor):
    from skills.models import skill_search_text  # a pure function: safe to use in a migration

    Skill = apps.get_model("skills", "Skill")
    skills = list(Skill.objects.only("id", "name", "name_fr", "alt_labels", "alt_labels_fr"))
    for skill in skills:
        skill.search_text = skill_search_text(
            skill.name, skill.name_fr, skill.alt_labels, skill.alt_labels_fr
        )
    Skill.objects.bulk_update(skills, ["search_text"], batch_size=2000)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON skills_skill USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("skills", "0002_taxonomy_import")]

    operations = [
        migrations.RunPython(backfill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
