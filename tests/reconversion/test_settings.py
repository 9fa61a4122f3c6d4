"""Settings come from the environment; the embedded default works with nothing set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Variables that would leak the CI leg's configuration into the child process.
CONFIG_VARS = (
    "DATABASE_URL",
    "DATABASE_TEST_NAME",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_python(code: str, **env_vars: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update(env_vars)
    env["DJANGO_SETTINGS_MODULE"] = "reconversion.settings"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_embedded_default_is_sqlite_in_project_with_in_process_tasks():
    result = run_python(
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.DATABASES['default']['NAME']);"
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)"
    )
    assert result.returncode == 0, result.stderr
    engine, name, flags = result.stdout.strip().splitlines()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "db.sqlite3"
    assert flags == "True True"


def test_database_url_and_broker_switch_to_the_full_stack():
    result = run_python(
        "from django.conf import settings as s;"
        "d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT']);"
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)",
        DATABASE_URL="postgres://postgres@db.internal:5433/reconversion",
        CELERY_BROKER_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    db_line, celery_line = result.stdout.strip().splitlines()
    assert db_line == "django.db.backends.postgresql reconversion db.internal 5433"
    assert celery_line == "False redis://cache.internal:6379/0"


def test_production_with_default_secret_key_refuses_to_start():
    result = run_python("import django; django.setup()", DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-secret-read-from-a-file-" + "x" * 40 + "\n")
    result = run_python(
        "from django.conf import settings as s; print(s.SECRET_KEY)",
        DEBUG="0",
        SECRET_KEY_FILE=str(secret),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "a-secret-read-from-a-file-" + "x" * 40


def test_malformed_boolean_is_reported_with_its_name():
    result = run_python("import django; django.setup()", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_deploy_check_is_clean_in_production_configuration():
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update(
        DEBUG="0",
        SECRET_KEY="s" * 20 + "-real-production-key-" + "k" * 30,
        ALLOWED_HOSTS="reconversion.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr
