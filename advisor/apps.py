from django.apps import AppConfig


class AdvisorConfig(AppConfig):
    name = "advisor"
    verbose_name = "Advisor"

    def ready(self):
        from . import my_data, receivers  # noqa: F401  (signal receivers, "My data" part)
