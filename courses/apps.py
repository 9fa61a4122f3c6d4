from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Learning resources"

    def ready(self):
        # Connects signal receivers only; no database access here.
        from . import signals  # noqa: F401
