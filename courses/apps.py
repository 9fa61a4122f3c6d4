from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Learning resources"

    def ready(self):
        # Connects signal receivers and the "My data" part; no database access here.
        from . import my_data, signals  # noqa: F401
