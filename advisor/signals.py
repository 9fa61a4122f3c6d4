"""Signals other apps listen to; `advisor` never imports them (dependencies run one way)."""

from django.dispatch import Signal

# Sent once a new learning path and all its steps are committed, with `path_id`.
# Counselling replays the counsellor's approved decisions on it (the carry-over).
path_created = Signal()
