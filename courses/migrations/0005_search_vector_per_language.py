"""Rebuild every resource's search_vector in its own language's configuration.

Until now every row was read as English, so a French query such as "gestion de projet" found
nothing in French rows (see courses.search). The statement below is the SQL form of
courses.search.search_vector_expression at the time of writing: a migration keeps its own copy
so that later changes to the app code cannot change what this step did. Nothing to do on SQLite.
"""

from django.db import migrations

REBUILD = """
UPDATE courses_resource AS r SET search_vector =
    setweight(to_tsvector(c.config, coalesce(r.title, '')), 'A')
    || setweight(to_tsvector(c.config, coalesce(r.keywords, '')), 'B')
    || setweight(to_tsvector(c.config, coalesce(r.description, '')), 'C')
FROM (
    SELECT id, (CASE lower(left(language, 2))
        WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish'
        ELSE 'simple' END)::regconfig AS config
    FROM courses_resource
) AS c
WHERE c.id = r.id
"""
# Going back: every row read as English again, as before this migration.
BACK = """
UPDATE courses_resource SET search_vector =
    setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(keywords, '')), 'B')
    || setweight(to_tsvector('english', coalesce(description, '')), 'C')
"""


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REBUILD)


def back_to_english(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACK)


class Migration(migrations.Migration):
    dependencies = [("courses", "0004_prices_topics_dates_link_origin")]

    operations = [migrations.RunPython(rebuild, back_to_english, elidable=False)]
