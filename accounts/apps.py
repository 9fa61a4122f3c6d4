from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Connects the log-in hook that copies the saved language into the session.
        from . import signals  # noqa: F401
