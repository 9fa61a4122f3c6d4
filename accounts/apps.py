from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers the account's part of the "My data" export (no database access here).
        from . import my_data  # noqa: F401
