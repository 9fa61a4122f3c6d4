from django.apps import AppConfig


class CounsellingConfig(AppConfig):
    name = "counselling"
    verbose_name = "Counselling"

    def ready(self) -> None:
        # Connects the re-assessment hook and the "My data" part (no database access here).
        from . import my_data, signals  # noqa: F401
