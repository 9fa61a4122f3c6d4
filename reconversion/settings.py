"""Settings for Reconversion.

Everything comes from the environment (see docs/architecture.md, "Configuration"); with nothing
set you get the embedded default: SQLite in the project folder, Celery tasks run in-process,
DEBUG on.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env, envbool, envfloat, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent

DEFAULT_SECRET_KEY = "django-insecure-reconversion-embedded-default-do-not-use-in-production"
DEBUG = envbool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY") or DEFAULT_SECRET_KEY
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the embedded default. Set SECRET_KEY (or SECRET_KEY_FILE) "
        "to a long random value, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL: str = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files served by us: /api/docs/ works offline
    "django_celery_beat",
    "django_htmx",
    "axes",
    "csp",
    "accounts",
    "skills",
    "courses",
    "advisor",
    "counselling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "reconversion.headers.PermissionsPolicyMiddleware",
    "reconversion.edges.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's saved language beats cookie and browser.
    "accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reconversion.urls"
WSGI_APPLICATION = "reconversion.wsgi.application"
ASGI_APPLICATION = "reconversion.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "counselling.context_processors.invitations",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if env("DATABASE_TEST_NAME"):
    # The services test leg points a real Celery worker at the test database by this name.
    DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the in-process web server read while a task writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Seconds to wait for an unreachable database (libpq's default is forever): /readyz and pages
    # answer an error in that time instead of holding a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", envint("DATABASE_CONNECT_TIMEOUT", 5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
# Locked per (account, address) and per address: guessing over many accounts from one address
# is stopped too. Answered by our 429 page with Retry-After.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "accounts.limits.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.limits.login_locked"

# Limits and lock-outs count per client address: behind N proxies that each append to
# X-Forwarded-For, the client is the address N places from its right (accounts.limits).
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", 0)
# How often one client may repeat what costs us ("N/second|minute|hour|day"; docs/architecture.md,
# "Limits"). Counted in the cache below: with several web processes, set CACHE_URL (Redis).
RATE_LIMITS = {
    "search_anon": env("RATE_LIMIT_SEARCH_ANON", "60/minute"),
    "search_user": env("RATE_LIMIT_SEARCH_USER", "120/minute"),
    "assessments": env("RATE_LIMIT_ASSESSMENTS", "30/hour"),
    "imports": env("RATE_LIMIT_IMPORTS", "30/hour"),
    "signup_ip": env("RATE_LIMIT_SIGNUP_IP", "10/hour"),
    "signup_email": env("RATE_LIMIT_SIGNUP_EMAIL", "5/hour"),
    "password_reset_ip": env("RATE_LIMIT_PASSWORD_RESET_IP", "10/hour"),
    "password_reset_email": env("RATE_LIMIT_PASSWORD_RESET_EMAIL", "3/hour"),
}
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("CACHE_URL")}
        if env("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 20 * 1024 * 1024)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Reconversion <noreply@reconversion.local>")

# Security: safe defaults whenever DEBUG is off (`check --deploy` prints nothing).
# Trusted only when the operator says a TLS proxy sets the header (and drops a client's own):
# on a bare gunicorn any client could otherwise claim https. Format: "HTTP_X_FORWARDED_PROTO,https".
_proxy_ssl_header = envlist("SECURE_PROXY_SSL_HEADER", [])
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2 or not _proxy_ssl_header[0].startswith("HTTP_"):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER={env('SECURE_PROXY_SSL_HEADER')!r} must be a request header "
            "as Django names it and the value meaning https, e.g. HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1])
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# Probes come over plain HTTP from inside the host (compose, orchestrators): a redirect fails them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: behaviour lives in static/js, looks in static/css. Swagger UI
# (/api/docs/) loads its start-up script from a URL, so it needs no exception either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the site never uses, denied to it and to anything it might embed.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
# /readyz reuses a worker ping this many seconds, so looping probes cost one ping per window.
READYZ_WORKER_CACHE_SECONDS = envint("READYZ_WORKER_CACHE_SECONDS", 10)

# Celery. Without a broker, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or ""
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
if not CELERY_BROKER_URL:
    # In-process tasks never reach a broker; naming a host keeps kombu from warning about it.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
# No result backend by default: nothing reads task results (an assessment's truth is
# Assessment.status). The services test leg sets one to read a ping's answer.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or None
CELERY_RESULT_EXTENDED = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 360)
# An assessment takes milliseconds: its own short limit lets a dead run be noticed fast.
ADVISOR_RUN_TIME_LIMIT = envint("ADVISOR_RUN_TIME_LIMIT", 30)
ADVISOR_RUN_SOFT_TIME_LIMIT = max(1, ADVISOR_RUN_TIME_LIMIT - 5)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis gives an unacknowledged message to another worker after this long, so the message
    # of a killed worker comes back by itself. Longer than any late-acknowledged task may run.
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", ADVISOR_RUN_TIME_LIMIT + 15),
    # Workers look for such messages every 5 s (kombu's default is about every 100 s).
    "unacked_restore_interval": 5,
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The one place for periodic tasks; beat copies it into django-celery-beat's tables.
CELERY_BEAT_SCHEDULE: dict = {
    # Assessments left running by a dead worker are freed, lost pending ones sent again.
    "advisor-assessments-sweep": {
        "task": "advisor.assessments_sweep",
        "schedule": envint("ADVISOR_SWEEP_SECONDS", 30),
    },
}
# A pending assessment gets a new message from the sweep only when its last one is this old.
ADVISOR_PENDING_MINUTES = envint("ADVISOR_PENDING_MINUTES", 5)
ADVISOR_MAX_ATTEMPTS = envint("ADVISOR_MAX_ATTEMPTS", 5)
# Caseload flags: a client is "stalled" after this many weeks without progress, "ready" from
# this readiness (0–1).
COUNSELLING_STALLED_WEEKS = envint("COUNSELLING_STALLED_WEEKS", 3)
COUNSELLING_READY_THRESHOLD = envfloat("COUNSELLING_READY_THRESHOLD", 0.8)

REST_FRAMEWORK = {
    "DEFAULT_PARSER_CLASSES": [
        "reconversion.edges.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Private by default: reference data opts into public read access explicitly.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "reconversion.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    # One error shape for every app, declared in the schema by the same module (docs/api.md).
    "DEFAULT_SCHEMA_CLASS": "reconversion.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "reconversion.api_errors.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    # DRF's own client address, should a built-in throttle be used (ours use accounts.limits).
    "NUM_PROXIES": TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reconversion API",
    "DESCRIPTION": "Skills, roles, learning resources, profiles, assessments and learning paths.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SkillLevelEnum": "skills.levels.LEVEL_CHOICES",
        "PriorityEnum": "advisor.models.Profile.Priority",
        "AssessmentStatusEnum": "advisor.models.Assessment.Status",
        "PathStepStatusEnum": "advisor.models.PathStep.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
