"""What the job-seeker's pages compute but seldom changes, kept in Django's cache.

Role suggestions score every AI-era role against the person's levels: about ten queries and the
engine for a page that shows the same thing until the person or the roles change. They are kept
under a key made of one cheap query over everything they are computed from (the profile and its
skills, sectors and steps done; the roles and their requirements) and the reader's language, so
any change the person makes shows on the next page. What that query does not see — skill names
or the skill hierarchy changed by a taxonomy import — shows once the entry expires
(ROLE_SUGGESTIONS_TIMEOUT). docs/load.md.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from skills.models import Occupation, OccupationSkill

from . import selectors
from .models import LearningPath, PathStep, Profile, ProfileSkill

ROLE_SUGGESTIONS_TIMEOUT = 600  # seconds

# Counts, sums and latest changes of every row role suggestions are computed from; a row added,
# removed or edited through the services changes at least one of them. Plain SQL aggregates,
# the same on PostgreSQL and SQLite.
_PROFILE = Profile._meta.db_table
_SKILLS = ProfileSkill._meta.db_table
_SECTORS = Profile.sectors.through._meta.db_table
_STEPS = PathStep._meta.db_table
_PATHS = LearningPath._meta.db_table
_ROLES = Occupation._meta.db_table
_REQUIREMENTS = OccupationSkill._meta.db_table
_DONE_STEPS = (
    f"{_STEPS} s JOIN {_PATHS} l ON l.id = s.path_id "
    "WHERE l.profile_id = %(p)s AND s.status = %(done)s"
)
_ROLE_REQUIREMENTS = (
    f"{_REQUIREMENTS} r JOIN {_ROLES} o ON o.id = r.occupation_id WHERE o.is_target"
)
_ROLE_INPUTS = [
    f"SELECT updated_at FROM {_PROFILE} WHERE id = %(p)s",
    f"SELECT current_occupation_id FROM {_PROFILE} WHERE id = %(p)s",
    *(
        f"SELECT {agg} FROM {_SKILLS} WHERE profile_id = %(p)s"
        for agg in ("count(*)", "max(updated_at)", "sum(level)", "sum(skill_id)")
    ),
    *(
        f"SELECT {agg} FROM {_SECTORS} WHERE profile_id = %(p)s"
        for agg in ("count(*)", "sum(sector_id)")
    ),
    *(
        f"SELECT {agg} FROM {_DONE_STEPS}"
        for agg in ("count(*)", "sum(s.resource_id)", "max(s.status_changed_at)")
    ),
    *(
        f"SELECT {agg} FROM {_ROLES} WHERE is_target"
        for agg in ("count(*)", "max(updated_at)", "sum(id)")
    ),
    *(
        f"SELECT {agg} FROM {_ROLE_REQUIREMENTS}"
        for agg in ("count(*)", "sum(r.level)", "sum(r.weight)", "sum(r.skill_id)")
    ),
]
_ROLE_INPUTS_SQL = "SELECT " + ", ".join(f"({sql})" for sql in _ROLE_INPUTS)


def role_inputs_version(*, profile: Profile) -> str:
    """A digest of everything the profile's role suggestions are computed from (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_ROLE_INPUTS_SQL, {"p": profile.pk, "done": PathStep.Status.DONE})
        row = cursor.fetchone()
    return hashlib.sha1(repr(row).encode()).hexdigest()[:20]


def role_suggestions_by_reach(
    *, profile: Profile, limit: int | None = None
) -> tuple[list[selectors.RoleSuggestion], list[selectors.RoleSuggestion]]:
    """selectors.role_suggestions_by_reach, computed once per version of its inputs and
    language."""
    key = f"advisor:roles:{profile.pk}:{get_language()}:{role_inputs_version(profile=profile)}"
    found = cache.get(key)
    if found is None:
        found = selectors.role_suggestions_by_reach(profile=profile)
        for suggestion in (*found[0], *found[1]):
            # The scoring's prefetched requirements and sectors: no page shows them.
            # (Django's private prefetch store, which the stubs do not declare.)
            suggestion.occupation._prefetched_objects_cache = {}  # type: ignore[attr-defined]
        cache.set(key, found, ROLE_SUGGESTIONS_TIMEOUT)
    reachable, regulated = found
    return (reachable[:limit] if limit is not None else reachable), regulated
