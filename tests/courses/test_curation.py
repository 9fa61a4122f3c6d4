import pytest
from django.core.exceptions import ValidationError

from courses.models import Resource
from courses.services import resource_status_set, resources_status_set
from tests.courses.factories import ResourceFactory, ResourceSkillFactory


@pytest.mark.django_db
def test_resource_without_taught_skill_cannot_be_published(staff_user):
    resource = ResourceFactory(status=Resource.Status.DRAFT)
    with pytest.raises(ValidationError, match="teaches no skill"):
        resource_status_set(resource=resource, status="published", user=staff_user)
    resource.refresh_from_db()
    assert resource.status == "draft"


@pytest.mark.django_db
def test_publishing_records_who_and_when(staff_user):
    link = ResourceSkillFactory(resource__status=Resource.Status.DRAFT)
    resource = resource_status_set(resource=link.resource, status="published", user=staff_user)
    resource.refresh_from_db()
    assert resource.status == "published"
    assert resource.status_changed_by == staff_user and resource.status_changed_at
    change = resource.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "published",
        staff_user,
    )


@pytest.mark.django_db
def test_bulk_publish_reports_the_resources_it_refused(staff_user):
    tagged = ResourceSkillFactory(resource__status="draft").resource
    untagged = ResourceFactory(status="draft")
    changed, refused = resources_status_set(
        resources=Resource.objects.all(), status="published", user=staff_user
    )
    assert changed == 1 and refused == [untagged]
    tagged.refresh_from_db()
    assert tagged.status == "published"
