"""Occupation search over every title (EN and FR, both genders, accents optional): French
alternative titles, two folded search columns backfilled here, a trigram index on PostgreSQL
(only there, so SQLite still migrates), and the record of loaded taxonomy snapshots."""

from django.db import migrations, models

INDEX = "skills_occupation_search_trgm"


def backfill_search_columns(apps, schema_editor):
    from skills.models import occupation_search_texts  # pure function: safe in a migration

    Occupation = apps.get_model("skills", "Occupation")
    rows = list(
        Occupation.objects.only("id", "uri", "title", "title_fr", "alt_labels", "alt_labels_fr")
    )
    for row in rows:
        for name, value in occupation_search_texts(
            row.title, row.title_fr, row.alt_labels, row.alt_labels_fr, uri=row.uri
        ).items():
            setattr(row, name, value)
    Occupation.objects.bulk_update(rows, ["search_names", "search_text"], batch_size=2000)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON skills_occupation "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('skills', '0004_regulated_and_twins'),
    ]

    operations = [
        migrations.CreateModel(
            name='SnapshotLoad',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(help_text='SHA-256 of the file and the occupation aliases.', max_length=64, unique=True)),
                ('name', models.CharField(max_length=120)),
                ('counts', models.JSONField(default=dict)),
                ('loaded_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['-loaded_at'],
            },
        ),
        migrations.AddField(
            model_name='occupation',
            name='alt_labels_fr',
            field=models.JSONField(blank=True, default=list, verbose_name='alternative titles (French)'),
        ),
        migrations.AddField(
            model_name='occupation',
            name='search_names',
            field=models.TextField(blank=True, editable=False, help_text='Folded preferred titles; kept in step by save().'),
        ),
        migrations.AddField(
            model_name='occupation',
            name='search_text',
            field=models.TextField(blank=True, editable=False, help_text='Folded titles and alternative titles; see save().'),
        ),
        migrations.RunPython(backfill_search_columns, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
