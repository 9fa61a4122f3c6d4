from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers the account's part of the "My data" export (no database access here), and
        # connects the log-in hook that copies the saved language into the session.
        from . import my_data, signals  # noqa: F401
