"""The re-assessment hook: advisor knows nothing of counselling, so we listen to its saves.

A new LearningPath is created before its steps; the carry-over runs when the transaction that
created both commits. Outside a transaction the steps do not exist yet, so nothing is replayed
then (advisor's services create paths atomically).
"""

import logging

from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from advisor.models import LearningPath

log = logging.getLogger(__name__)


@receiver(post_save, sender=LearningPath, dispatch_uid="counselling_path_carry_over")
def _path_created(sender, instance: LearningPath, created: bool, raw: bool = False, **kwargs):
    if not created or raw:
        return
    if not connection.in_atomic_block:
        log.info(
            "Path %s created outside a transaction: approved decisions not replayed", instance.pk
        )
        return
    path_id = instance.pk

    def _run():
        from .services.plans import path_carry_over

        path_carry_over(path_id=path_id)

    transaction.on_commit(_run)
