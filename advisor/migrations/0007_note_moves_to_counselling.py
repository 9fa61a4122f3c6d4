"""Note moves to counselling (the only app that uses it) with every row kept.

The table is renamed here, not dropped: the counselling side only adds the model to its state
(counselling 0002). The content type follows, so staff permissions on notes carry over.
"""

from django.db import migrations


def content_type_to_counselling(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="counselling", model="note").exists():
        ContentType.objects.filter(app_label="advisor", model="note").update(
            app_label="counselling"
        )


def content_type_to_advisor(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="advisor", model="note").exists():
        ContentType.objects.filter(app_label="counselling", model="note").update(
            app_label="advisor"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0006_priority_and_objective"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("note", "counselling_note")],
            state_operations=[migrations.DeleteModel("note")],
        ),
        migrations.RunPython(content_type_to_counselling, content_type_to_advisor),
    ]
