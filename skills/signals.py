"""Signals other apps listen to; `skills` never imports them (dependencies run one way)."""

from django.dispatch import Signal

# Sent after an import committed changes to a taxonomy, with `source` ("esco", "onet").
# The advisor recomputes its occupation transitions on it.
taxonomy_changed = Signal()
