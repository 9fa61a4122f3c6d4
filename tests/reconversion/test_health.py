import pytest
from django.core.cache import cache
from django.db import OperationalError
from kombu import Connection

from reconversion import health
from reconversion.celery import app as celery_app

REMOTE = {"REMOTE_ADDR": "203.0.113.7"}  # the test client says 127.0.0.1 unless told otherwise


@pytest.fixture(autouse=True)
def _fresh_worker_ping():
    cache.delete(health.WORKERS_CACHE_KEY)
    yield
    cache.delete(health.WORKERS_CACHE_KEY)


@pytest.fixture
def with_broker(settings, monkeypatch):
    """A configured broker that connects, whose workers answer `replies` to each ping."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app, "connection_for_write", lambda: Connection("memory://"))
    pings: list[dict] = []

    def ping(**kwargs):
        pings.append(kwargs)
        return [{"celery@web-1": {"ok": "pong"}}]

    monkeypatch.setattr(celery_app.control, "ping", ping)
    return pings


@pytest.mark.django_db
def test_healthz_answers_without_touching_services(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", **REMOTE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_on_the_embedded_default(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unreachable (OperationalError)"


@pytest.mark.django_db
def test_readyz_is_503_when_the_configured_broker_is_unreachable(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    monkeypatch.setattr(
        celery_app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0")
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["workers"].startswith("broker unreachable")


@pytest.mark.django_db
def test_looping_probes_ping_the_workers_once_per_window(client, with_broker):
    for _ in range(20):
        response = client.get("/readyz", **REMOTE)
        assert response.status_code == 200
    assert len(with_broker) == 1
    # The ping stops at the first reply instead of waiting out its timeout for more.
    assert with_broker[0]["limit"] == 1 and with_broker[0]["timeout"] <= 1

    cache.delete(health.WORKERS_CACHE_KEY)  # the window has passed
    client.get("/readyz", **REMOTE)
    assert len(with_broker) == 2


@pytest.mark.django_db
def test_no_worker_answering_is_503_and_remembered_for_the_window(client, with_broker, monkeypatch):
    calls = []
    monkeypatch.setattr(celery_app.control, "ping", lambda **kw: calls.append(kw) or [])
    assert client.get("/readyz").json()["checks"]["workers"] == "no worker answered a ping"
    assert client.get("/readyz").status_code == 503
    assert len(calls) == 1


@pytest.mark.django_db
def test_a_stranger_sees_one_word_and_no_reasons(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(
        celery_app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0")
    )
    # Claiming to come from the machine itself through a header changes nothing.
    response = client.get("/readyz", HTTP_X_FORWARDED_FOR="127.0.0.1", **REMOTE)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert b"Error" not in response.content and b"worker" not in response.content


@pytest.mark.django_db
def test_a_signed_in_job_seeker_sees_no_reasons_either(client, user, with_broker):
    client.force_login(user)
    assert client.get("/readyz", **REMOTE).json() == {"status": "ready"}


@pytest.mark.django_db
def test_staff_and_the_machine_itself_see_the_reasons(client, staff_user, with_broker):
    for address in ("127.0.0.1", "::1"):
        body = client.get("/readyz", REMOTE_ADDR=address).json()
        assert body["checks"] == {"database": "ok", "workers": "ok"}
    client.force_login(staff_user)
    assert client.get("/readyz", **REMOTE).json()["checks"]["workers"] == "ok"


@pytest.mark.services
@pytest.mark.django_db
def test_readyz_sees_the_real_worker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["workers"] == "ok"


@pytest.mark.django_db
def test_probes_answer_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    # Everything else still goes to https.
    assert client.get("/catalogue/").status_code == 301


def test_health_probes_refuse_other_methods(client):
    assert client.post("/healthz").status_code == 405
