"""Note arrives from advisor: its table was renamed by advisor 0007, so only the state moves
here, then the index takes the name counselling's table gives it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0007_note_moves_to_counselling"),
        ("counselling", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Note",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("body", models.TextField(verbose_name="note")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notes_written",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notes_about",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                fields=["client", "-created_at"],
                                name="advisor_not_client__f2ec46_idx",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name="note",
            new_name="counselling_client__7734e1_idx",
            old_name="advisor_not_client__f2ec46_idx",
        ),
    ]
