"""A value kept per process and rebuilt when what it was built from changes.

The advisor's catalogue matrices and the skill tagger are costly to build and read often; each
has a cheap version stamp (a few aggregate queries, a file's mtime) read on every use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class VersionedCache(Generic[T]):
    """The value built for the current version stamp, one version at a time (an old one is
    never asked for again). `stamp()` is read on each `get()`; `build(version)` runs once per
    new version, one thread at a time."""

    def __init__(self, stamp: Callable[[], str], build: Callable[[str], T]) -> None:
        self._stamp = stamp
        self._build = build
        self._lock = threading.Lock()
        self._held: tuple[str, T] | None = None

    def get(self) -> T:
        version = self._stamp()
        held = self._held
        if held is None or held[0] != version:
            with self._lock:
                held = self._held
                if held is None or held[0] != version:
                    held = self._held = (version, self._build(version))
        return held[1]
