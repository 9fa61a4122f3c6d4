"""The invitation notice every page shows a job-seeker until they answer it."""

import functools

from . import selectors


def invitations(request) -> dict:
    """`open_invitations`: how many counsellors await the signed-in job-seeker's answer. A
    cached callable (templates call it): one COUNT query, only on pages that show the notice."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_job_seeker:
        return {}
    return {
        "open_invitations": functools.cache(lambda: selectors.open_invitations_for(user).count())
    }
