from django.apps import AppConfig


class AdvisorConfig(AppConfig):
    name = "advisor"
    verbose_name = "Advisor"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
