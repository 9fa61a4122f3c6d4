"""Root fixtures shared by every suite."""

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"

# pytest-playwright runs an event loop in the test thread; Django refuses sync ORM calls there
# unless told this is deliberate (RECIPES.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    # A newcomer without Chromium still gets a green run; CI installs it, so there it must run.
    if Path(CHROMIUM).exists() or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture
def shared_data() -> Path:
    """The real public data sets; absent only on a machine without ../shared."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED_DATA} is missing; CI must have the shared data")
        pytest.skip(f"real data folder {SHARED_DATA} is absent on this machine")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Rate limits count in the cache: each test starts with none spent.
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Tasks run in-process, except in tests marked `services`, which use the real worker.

    The services leg sets CELERY_BROKER_URL for the whole run, so without this every test
    that enqueues a task would hand it to the worker, which cannot see uncommitted test data.
    """
    from reconversion.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = request.node.get_closest_marker("services") is None
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def user(db):
    from tests.accounts.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_user(db):
    from tests.accounts.factories import UserFactory

    return UserFactory()


@pytest.fixture
def staff_user(db):
    from tests.accounts.factories import StaffFactory

    return StaffFactory()


@pytest.fixture
def counsellor(db):
    from tests.accounts.factories import CounsellorFactory

    return CounsellorFactory()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
