"""Keep search data fresh whatever code saves a resource (admin, seeds, factories, other apps).

Bulk writes (imports, the bench) bypass these and call search.resources_refresh_search.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Resource, ResourceSkill


@receiver(post_save, sender=Resource, dispatch_uid="courses_resource_search")
def resource_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from .search import resources_refresh_search

        resources_refresh_search(resource_ids=[instance.pk])


@receiver(post_save, sender=ResourceSkill, dispatch_uid="courses_link_saved_search")
@receiver(post_delete, sender=ResourceSkill, dispatch_uid="courses_link_deleted_search")
def resource_skill_changed(sender, instance, raw=False, **kwargs):
    if not raw and Resource.objects.filter(pk=instance.resource_id).exists():
        from .search import resources_refresh_search

        resources_refresh_search(resource_ids=[instance.resource_id])
