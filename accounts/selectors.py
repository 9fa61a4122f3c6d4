"""Reads about one person: everything the site holds about them, for the "My data" export."""

from typing import Any

from django.utils import timezone

from .models import User
from .my_data import export_parts


def user_data_export(*, user: User) -> dict[str, Any]:
    """Every row about `user` in plain JSON types, one section per registered part
    (accounts.my_data), in a fixed number of queries.

    What is left out and why is written in docs/counselling.md ("My data"): counsellors'
    private notes, which the product never shows the client.
    """
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for part in export_parts():
        data[part.section] = part.rows(user)
    return data
