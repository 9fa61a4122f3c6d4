"""The "My data" export holds every row about the person, whichever app stores it.

The models are found, not listed: every model with a foreign key (or one-to-one) to the user or
to their advisor Profile. A model added later with such a key and no export part fails here.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from accounts.my_data import export_parts
from accounts.selectors import user_data_export
from advisor.models import Profile
from counselling.models import (
    AccessEvent,
    AccessInvitation,
    Note,
    PathApproval,
    PathCarryOver,
    PathEdit,
)
from counselling.services import notes, plans
from courses.models import ResourceStatusChange, SkillSuggestion
from tests.accounts.factories import CounsellorFactory, UserFactory
from tests.advisor.factories import ProfileFactory
from tests.counselling.factories import (
    AssessmentFactory,
    GrantFactory,
    LearningPathFactory,
    ProfileSkillFactory,
    client_with_plan,
)
from tests.courses.factories import ResourceFactory
from tests.skills.factories import SkillFactory

pytestmark = pytest.mark.django_db

# Rows that refer to a person but stay out of their export, each with the reason.
EXCLUDED = {
    # A credential, not information about the person: its primary key is the secret key.
    # The account section says when it was created.
    ("authtoken", "Token"),
}


def _person_fields() -> list[tuple[type[models.Model], str]]:
    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        if model._meta.proxy:  # the same rows as their concrete model
            continue
        for field in model._meta.get_fields():
            if (
                field.concrete
                and (field.many_to_one or field.one_to_one)
                and field.related_model in (user_model, Profile)
            ):
                found.append((model, field.name))
    return found


PERSON_FIELDS = _person_fields()


def _resource_status_change(**person):
    return ResourceStatusChange.objects.create(
        resource=ResourceFactory(), to_status="published", changed_at=timezone.now(), **person
    )


def _skill_suggestion(**person):
    return SkillSuggestion.objects.create(
        resource=ResourceFactory(), skill=SkillFactory(), score=0.9, **person
    )


def _log_entry(**person):
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id="1",
        object_repr="someone",
        action_flag=ADDITION,
        **person,
    )


def _invitation(**person):
    defaults = {"counsellor": CounsellorFactory(), "expires_at": timezone.now() + timedelta(days=3)}
    return AccessInvitation.objects.create(**(defaults | person))


def _access_event(**person):
    defaults = {"client": UserFactory(), "counsellor": CounsellorFactory(), "actor": None}
    return AccessEvent.objects.create(**(defaults | person), action="granted", via="code")


def _path_edit(**person):
    _client, path = client_with_plan(steps=1)
    return PathEdit.objects.create(
        path=path, resource=path.steps.get().resource, action="remove", reason="Done", **person
    )


def _path_approval(**person):
    _client, path = client_with_plan(steps=1)
    return PathApproval.objects.create(path=path, **person)


def _note(**person):
    defaults = {"client": UserFactory(), "author": CounsellorFactory(), "body": "Strong on Excel"}
    return Note.objects.create(**(defaults | person))


BUILDERS = {
    LogEntry: _log_entry,
    ResourceStatusChange: _resource_status_change,
    SkillSuggestion: _skill_suggestion,
    AccessInvitation: _invitation,
    AccessEvent: _access_event,
    PathEdit: _path_edit,
    PathApproval: _path_approval,
    Note: _note,
}
FACTORIES = {
    "advisor.Profile": ProfileFactory,
    "advisor.ProfileSkill": ProfileSkillFactory,
    "advisor.CounsellorAccess": GrantFactory,
    "advisor.Assessment": AssessmentFactory,
    "advisor.LearningPath": LearningPathFactory,
    "courses.Resource": ResourceFactory,
}


def _build(model: type[models.Model], field: str, person) -> models.Model:
    target = model._meta.get_field(field).related_model
    value = ProfileFactory(user=person) if target is Profile else person
    if model in BUILDERS:
        return BUILDERS[model](**{field: value})
    factory = FACTORIES.get(model._meta.label)
    assert factory is not None, f"add a builder for {model._meta.label} here"
    return factory(**{field: value})


def _ids(export: dict, model: type[models.Model]) -> set:
    ids = set()
    for part in export_parts():
        if part.model is model:
            rows = export[part.section]
            rows = [rows] if isinstance(rows, dict) else rows or []
            ids |= {row["id"] for row in rows}
    return ids


def test_every_model_about_a_person_has_an_export_part_or_a_written_reason():
    exported = {part.model for part in export_parts()}
    for model, field in PERSON_FIELDS:
        key = (model._meta.app_label, model.__name__)
        assert model in exported or key in EXCLUDED, (
            f"{model._meta.label}.{field} refers to a person: register its rows in the app's "
            "my_data.py (accounts.my_data.export_part), or say here why they stay out"
        )


@pytest.mark.parametrize(
    ("model", "field"),
    [(m, f) for m, f in PERSON_FIELDS if (m._meta.app_label, m.__name__) not in EXCLUDED],
    ids=lambda v: v._meta.label if isinstance(v, type) else v,
)
def test_a_row_about_the_person_is_in_their_export_and_no_one_elses(model, field):
    person, stranger = UserFactory(), UserFactory()
    row = _build(model, field, person)
    assert row.pk in _ids(user_data_export(user=person), model)
    assert row.pk not in _ids(user_data_export(user=stranger), model)


def test_the_client_gets_what_their_counsellor_did_to_their_plan_and_notes_about_them():
    counsellor = CounsellorFactory()
    client_user, path = client_with_plan(counsellor=counsellor, steps=2)
    edit = plans.path_step_remove(
        counsellor=counsellor, step=path.steps.first(), reason="Done it at work"
    )
    approval = plans.path_approve(counsellor=counsellor, path=path, comment="Go for it")
    new = LearningPathFactory(
        profile=path.profile, assessment=AssessmentFactory(profile=path.profile)
    )
    carry = PathCarryOver.objects.create(path=new, previous_path=path, kept=True)
    note = notes.note_create(counsellor=counsellor, client=client_user, body="Seems anxious")

    export = user_data_export(user=client_user)
    assert [e["reason"] for e in export["path_edits"]] == ["Done it at work"]
    assert export["path_edits"][0]["id"] == edit.pk
    assert [a["comment"] for a in export["path_approvals"]] == ["Go for it"]
    assert export["path_approvals"][0]["id"] == approval.pk
    assert [c["id"] for c in export["path_carry_overs"]] == [carry.pk]
    # Not shown on the client's pages, but information about them: their right of access.
    assert [(n["id"], n["body"]) for n in export["counsellor_notes"]] == [
        (note.pk, "Seems anxious")
    ]
    assert "Seems anxious" not in str(user_data_export(user=UserFactory()))
