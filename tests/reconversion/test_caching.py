"""The per-process caches (catalogue matrices, skill tagger) rebuild only when their stamp moves."""

from reconversion.caching import VersionedCache


def test_the_value_is_built_once_per_version_and_rebuilt_when_the_version_changes():
    version = ["v1"]
    builds: list[str] = []

    def build(stamp: str) -> str:
        builds.append(stamp)
        return f"built for {stamp}"

    cache = VersionedCache(lambda: version[0], build)
    assert [cache.get(), cache.get()] == ["built for v1", "built for v1"]
    version[0] = "v2"
    assert cache.get() == "built for v2"
    assert builds == ["v1", "v2"]
