"""Limits on catalogue imports: a file past IMPORT_MAX_BYTES is refused before it is read, and
files checked but never confirmed are deleted after IMPORT_UPLOAD_HOURS."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from courses.importing.uploads import upload_keep, uploads_expire
from courses.models import Resource
from courses.tasks import import_uploads_expire_task

ADMIN_IMPORT = reverse("admin:courses_resource_import")
API_IMPORT = "/api/v1/resources/import/"
BOUNDARY = "limitboundary"
MB = 1024 * 1024


class LargeBody:
    """A multipart body of `size` bytes (a CSV file part), produced on demand, that counts how
    much of it the server reads."""

    def __init__(self, size: int):
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\ntitle,url\r\n"
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.parts = [head]
        self.size = size
        self.filler = size - len(head) - len(self.tail)
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        left = self.size - self.read_bytes
        n = left if n is None or n < 0 else min(n, left)
        chunk = bytearray()
        while len(chunk) < n:
            if self.parts:
                piece = self.parts.pop(0)
            elif self.filler > 0:
                piece = b"Row,https://x.example/\r\n"[: min(24, self.filler)]
                self.filler -= len(piece)
            else:
                piece = self.tail
                self.tail = b""
            if len(chunk) + len(piece) > n:
                self.parts.insert(0, piece[n - len(chunk) :])
                piece = piece[: n - len(chunk)]
            chunk += piece
        self.read_bytes += len(chunk)
        return bytes(chunk)

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def post_large(client, url: str, body: LargeBody):
    return client.generic(
        "POST",
        url,
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.size),
        **{"wsgi.input": body},
    )


def test_admin_refuses_a_100_mb_file_unread_naming_the_limit(staff_user, settings):
    client = Client(enforce_csrf_checks=True)  # the CSRF check would read the body first
    client.force_login(staff_user)
    body = LargeBody(100 * MB)
    response = post_large(client, ADMIN_IMPORT, body)
    assert response.status_code == 413
    assert "20 MB import limit" in response.content.decode()
    assert body.read_bytes == 0
    assert not Resource.objects.exists()
    assert not list(settings.IMPORT_UPLOAD_DIR.glob("*"))  # nothing kept to confirm


def test_api_refuses_a_100_mb_file_unread_naming_the_limit(staff_user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(staff_user)
    body = LargeBody(100 * MB)
    response = post_large(client, API_IMPORT, body)
    assert response.status_code == 413
    assert "20 MB import limit" in response.json()["detail"]
    assert body.read_bytes == 0
    assert not Resource.objects.exists()


def test_a_strangers_large_upload_is_refused_unread(user):
    client = Client()
    client.force_login(user)
    body = LargeBody(100 * MB)
    response = post_large(client, ADMIN_IMPORT, body)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert body.read_bytes == 0
    api = APIClient()
    api.force_login(user)
    body = LargeBody(100 * MB)
    assert post_large(api, API_IMPORT, body).status_code in (403, 413)
    assert body.read_bytes == 0


def test_the_limit_comes_from_the_setting_and_holds_for_the_file_itself(staff_user, settings):
    """A file past the limit inside a request that declared no large size is refused by the
    form, in the same words."""
    settings.IMPORT_MAX_BYTES = 1 * MB
    client = Client()
    client.force_login(staff_user)
    content = b"provider,title,url\r\n" + b"Acme,Row,https://a.example/1\r\n" * 40_000
    response = client.post(ADMIN_IMPORT, {"file": SimpleUploadedFile("r.csv", content)})
    assert "1 MB import limit" in response.content.decode()
    assert "token" not in response.context and not Resource.objects.exists()


def test_files_never_confirmed_expire(db, settings):
    settings.IMPORT_UPLOAD_HOURS = 24
    old, fresh = upload_keep(b"old"), upload_keep(b"fresh")
    day_ago = time.time() - 25 * 3600
    os.utime(settings.IMPORT_UPLOAD_DIR / f"{old}.upload", (day_ago, day_ago))
    assert import_uploads_expire_task.delay().get() == 1
    left = sorted(path.name for path in settings.IMPORT_UPLOAD_DIR.iterdir())
    assert left == [f"{fresh}.upload"]
    assert uploads_expire() == 0


def test_beat_runs_the_expiry(settings):
    from reconversion.celery import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "courses.import_uploads_expire" in tasks
    assert "courses.import_uploads_expire" in app.tasks


@pytest.mark.parametrize("token", ["../../etc/passwd", "a/b", ""])
def test_a_confirmation_token_cannot_name_another_file(token, staff_user):
    client = Client()
    client.force_login(staff_user)
    response = client.post(ADMIN_IMPORT, {"token": token, "confirm": "1"})
    assert response.status_code == 302 and not Resource.objects.exists()
