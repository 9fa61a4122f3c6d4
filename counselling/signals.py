"""The re-assessment hook: advisor announces each new path (`advisor.signals.path_created`,
sent once the path and its steps are committed) and we replay the counsellor's decisions."""

from django.dispatch import receiver

from advisor.signals import path_created

from .services.plans import path_carry_over


@receiver(path_created, dispatch_uid="counselling_path_carry_over")
def _path_created(sender, *, path_id: int, **kwargs) -> None:
    path_carry_over(path_id=path_id)
