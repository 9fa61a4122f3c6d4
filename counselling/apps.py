from django.apps import AppConfig


class CounsellingConfig(AppConfig):
    name = "counselling"
    verbose_name = "Counselling"

    def ready(self) -> None:
        # Connects the re-assessment hook (no database access here).
        from . import signals  # noqa: F401
