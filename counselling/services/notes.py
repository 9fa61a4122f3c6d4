"""What a counsellor writes down about a client: private notes and validated skill levels."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from advisor.models import ProfileSkill
from skills.levels import MAX_LEVEL, MIN_LEVEL

from ..models import Note
from .rules import MAX_REASON, clean_text, require_access

MAX_NOTE = 10_000


@transaction.atomic
def note_create(*, counsellor: User, client: User, body: str) -> Note:
    require_access(counsellor, client)
    body = clean_text(body, field="body", max_length=MAX_NOTE)
    return Note.objects.create(client=client, author=counsellor, body=body)


@transaction.atomic
def profile_skill_validate(
    *, counsellor: User, profile_skill: ProfileSkill, level: int, note: str
) -> ProfileSkill:
    """Mark a client's skill level as seen in evidence; a changed level becomes the counsellor's."""
    require_access(counsellor, profile_skill.profile.user)
    if not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValidationError(
            {
                "level": _("Choose a level from %(low)s to %(high)s.")
                % {"low": MIN_LEVEL, "high": MAX_LEVEL}
            }
        )
    note = clean_text(note, field="note", max_length=MAX_REASON)
    if level != profile_skill.level:
        profile_skill.level = level
        profile_skill.source = ProfileSkill.Source.COUNSELLOR
    profile_skill.validated_by = counsellor
    profile_skill.validated_at = timezone.now()
    profile_skill.validation_note = note
    profile_skill.save()
    return profile_skill
