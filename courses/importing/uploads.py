"""Uploaded catalogue files: the size an import may have, and the files that wait between the
dry run and the curator's confirmation.

The size is checked on the request's declared length (Content-Length), before anything reads
the body: Django only ever reads that many bytes, so a file past the limit is refused without
being received, parsed or written to a temporary file. A 65.8 MB CSV once took a worker to
1.3 GB and past its timeout.
"""

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

# Room for the multipart envelope and the form's other fields around the file itself.
FORM_OVERHEAD_BYTES = 64 * 1024


def import_limit_message() -> str:
    """What a curator reads when a file is too large: the limit, and what to do instead."""
    return _(
        "The file is larger than the %(limit)s MB import limit (IMPORT_MAX_BYTES): split it, "
        "or ask an operator to run the import_resources command."
    ) % {"limit": f"{settings.IMPORT_MAX_BYTES / (1024 * 1024):g}"}


def upload_too_large(meta: dict) -> str | None:
    """The refusal for a request whose declared body exceeds the import limit, else None.

    Takes `request.META` so it can run before anything touches the body (request.POST, FILES,
    a CSRF check or DRF authentication would all read it)."""
    declared = str(meta.get("CONTENT_LENGTH") or "0")
    size = int(declared) if declared.isdecimal() else 0
    if size > settings.IMPORT_MAX_BYTES + FORM_OVERHEAD_BYTES:
        return import_limit_message()
    return None


def file_too_large(size: int) -> str | None:
    """The same limit on the file itself, once received (a form's other fields do not count)."""
    return import_limit_message() if size > settings.IMPORT_MAX_BYTES else None


def upload_dir() -> Path:
    # Outside MEDIA_ROOT so it is never served; shared by web and worker when they share a disk.
    return Path(settings.IMPORT_UPLOAD_DIR)


def upload_path(token: str) -> Path | None:
    """The waiting file of an upload token, None for a token that is not one of ours."""
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        return None
    return upload_dir() / f"{token}.upload"


def upload_keep(content: bytes) -> str:
    """Keep a checked file until the curator confirms or cancels; returns its token."""
    token = secrets.token_urlsafe(16)
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{token}.upload").write_bytes(content)
    return token


def uploads_expire(*, now: float | None = None) -> int:
    """Delete the waiting files older than IMPORT_UPLOAD_HOURS (never confirmed nor cancelled);
    returns how many were deleted."""
    folder = upload_dir()
    if not folder.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - settings.IMPORT_UPLOAD_HOURS * 3600
    deleted = 0
    for path in folder.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except FileNotFoundError:  # confirmed or cancelled meanwhile
            continue
    return deleted
