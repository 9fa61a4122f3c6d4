"""Reactions to other apps' signals, connected in AdvisorConfig.ready()."""

from django.db import transaction
from django.dispatch import receiver

from skills.signals import taxonomy_changed


@receiver(taxonomy_changed, dispatch_uid="advisor.transitions_after_import")
def transitions_after_import(sender, *, source: str, **kwargs) -> None:
    from .tasks import transitions_compute_task

    transaction.on_commit(lambda: transitions_compute_task.delay(source=source))
