"""Settings, read from the environment so one image serves a laptop and a studio cluster.

DATABASE_URL   PostgreSQL in production; a SQLite file under var/ when unset.
SECRET_KEY     required unless DEBUG is on (then a development key is used).
DEBUG          "true"/"1" turns debug mode on.
ALLOWED_HOSTS  comma-separated host names.
MEDIA_ROOT     where uploaded and generated files live.
REDIS_URL      optional: cache and event publishing go through Redis when set.
FS_BACKEND     "local" (files under MEDIA_ROOT, the default) or "s3" (any S3-compatible store:
               S3_BUCKET, S3_ENDPOINT_URL, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION).
CELERY_BROKER_URL  optional: media processing and long jobs go to Celery workers through this
               broker (Redis); without it they run inline in the web process.
MEDIA_FFMPEG_TIMEOUT  seconds one ffmpeg run of the preview pipeline may take (default 3600).
MEDIA_X264_PRESET  x264 speed/size trade-off for preview movies (default "medium").
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from kitsu_site.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kitsu_site.api",
    "people",
    "production",
    "reviews",
    "imports",
    "kitsu_site.stream",
    "kitsu_site.webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves /static/ (the console's and the API docs' assets) from the apps, without a
    # separate web server or collectstatic step.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kitsu_site.urls"
WSGI_APPLICATION = "kitsu_site.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if not env_str("DATABASE_URL", ""):
    VAR_DIR.mkdir(exist_ok=True)  # the embedded SQLite default lives here
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'kitsu.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves the API, the stream and a worker at once: write-ahead logging
    # lets readers go on during a write, and transactions that take the write lock when they
    # begin never deadlock upgrading a read lock (SQLite would answer "database is locked").
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # An empty cache while Redis is unreachable, rather than failing requests.
            "BACKEND": "kitsu_site.api.redis_cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kitsu"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
# Events go to this Redis pub/sub channel; the Socket.IO stream relays them.
EVENTS_CHANNEL = env_str("EVENTS_CHANNEL", "kitsu-events")
# Where the API's /status finds the event stream (`manage.py run_stream`).
EVENT_STREAM_URL = env_str("EVENT_STREAM_URL", "http://127.0.0.1:5001")
# Webhook deliveries: attempts before giving up, and the backoff between them (doubling from
# the base, capped), in seconds.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 10)
WEBHOOK_BACKOFF_SECONDS = float(env_str("WEBHOOK_BACKOFF_SECONDS", "30"))
WEBHOOK_BACKOFF_MAX_SECONDS = float(env_str("WEBHOOK_BACKOFF_MAX_SECONDS", "3600"))
WEBHOOK_TIMEOUT_SECONDS = float(env_str("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOK_CACHE_SECONDS = env_int("WEBHOOK_CACHE_SECONDS", 10)

AUTH_USER_MODEL = "people.Person"
# E-mails are unique among humans only (bots may share one): a partial unique constraint, which
# the login backend and services rely on, where this check wants a plain unique column.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
AUTHENTICATION_BACKENDS = ["people.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # Accounts copied from a Zou instance keep their bcrypt hashes.
    "django.contrib.auth.hashers.BCryptPasswordHasher",
]
MIN_PASSWORD_LENGTH = env_int("MIN_PASSWORD_LENGTH", 8)
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
LOGIN_LOCKOUT_ATTEMPTS = 5
LOGIN_LOCKOUT_SECONDS = 60

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise also serves collected files there
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

FS_BACKEND = env_str("FS_BACKEND", "local")
if FS_BACKEND == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", "kitsu"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("S3_SECRET_KEY", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "file_overwrite": True,
            "default_acl": None,
            "querystring_auth": False,
        },
    }
elif FS_BACKEND == "local":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured('FS_BACKEND must be "local" or "s3".')
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background jobs (media processing, playlist builds, imports). Without a broker, or with
# CELERY_TASK_ALWAYS_EAGER, they run inline in the process that asks for them.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kitsu@localhost")

# Zou settings that clients can observe.
APP_NAME = "Zou"
APP_VERSION = "1.0.97"
DOMAIN_URL = env_str("DOMAIN_URL", "http://localhost:8000")
DEFAULT_TIMEZONE = env_str("DEFAULT_TIMEZONE", "Europe/Paris")
DEFAULT_LOCALE = env_str("DEFAULT_LOCALE", "en_US")
USER_LIMIT = env_int("USER_LIMIT", 100)
PROTECTED_ACCOUNTS = env_list("PROTECTED_ACCOUNTS", [])
NB_RECORDS_PER_PAGE = 100
MOVIE_HIGHDEF_BITRATE = 28
MOVIE_LOWDEF_BITRATE = 6
MEDIA_FFMPEG_TIMEOUT = env_int("MEDIA_FFMPEG_TIMEOUT", 3600)
MEDIA_X264_PRESET = env_str("MEDIA_X264_PRESET", "medium")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["people.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["kitsu_site.api.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "kitsu_site.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(days=7),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=15),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "sub",
    "TOKEN_TYPE_CLAIM": "type",
    "JTI_CLAIM": "jti",
    "SIGNING_KEY": SECRET_KEY,
    "ALGORITHM": "HS256",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Kitsu API",
    "DESCRIPTION": "A Zou-compatible production tracker API.",
    "VERSION": APP_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "PREPROCESSING_HOOKS": ["kitsu_site.api.schema.without_api_copies"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kitsu_site.api.schema.describe_operations",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# -- Deployment security, CORS and rate limits ---------------------------------------------------
# HTTPS_ONLY        "true" when browsers reach the server over TLS (directly or through a proxy):
#                   HTTP is redirected to HTTPS, cookies are marked Secure and HSTS is sent.
#                   Off by default: many studios serve Kitsu over plain HTTP on their own network.
# SECURE_PROXY_SSL_HEADER  "HTTP_X_FORWARDED_PROTO,https": the header (and value) by which the
#                   TLS-terminating proxy says a request came over HTTPS.
# SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD: HSTS, when HTTPS_ONLY.
# CORS_ALLOWED_ORIGINS  comma-separated origins allowed to call the API from a browser (with
#                   credentials); unset: no cross-origin access (Kitsu's front end is same-origin).
# ENFORCE_2FA, 2FA_EXEMPT_USERS: people without a second factor only get a token to set one up
#                   (exempt e-mails excepted).
# LOGIN_RATE_LIMIT_PER_IP, LOGIN_RATE_LIMIT_PER_ACCOUNT, MAIL_RATE_LIMIT_PER_IP,
# MAIL_RATE_LIMIT_PER_ACCOUNT: "COUNT/SECONDS" budgets for login attempts and for the mails
#                   sent on request (password reset, login codes); counted in the cache.
HTTPS_ONLY = env_bool("HTTPS_ONLY", False)
_proxy_header = env_list("SECURE_PROXY_SSL_HEADER", [])
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured('SECURE_PROXY_SSL_HEADER must read "HEADER,value".')
    SECURE_PROXY_SSL_HEADER = (_proxy_header[0], _proxy_header[1])
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# The reference lets pages of its own origin frame it (Kitsu shows some previews that way).
X_FRAME_OPTIONS = "SAMEORIGIN"
CONTENT_SECURITY_POLICY = env_str("CONTENT_SECURITY_POLICY", "frame-ancestors 'self'")
SILENCED_SYSTEM_CHECKS += ["security.W019"]  # SAMEORIGIN framing, on purpose (see above)
MIDDLEWARE.insert(1, "kitsu_site.security.SecurityHeadersMiddleware")
# MAX_UPLOAD_SIZE: the largest request body (an uploaded movie, with its form) in bytes; larger
# ones are refused with 413 before they are read.
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 2 * 1024**3)
MIDDLEWARE.insert(2, "kitsu_site.security.UploadSizeLimitMiddleware")

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
if CORS_ALLOWED_ORIGINS:
    INSTALLED_APPS += ["corsheaders"]
    # Before anything that may answer (WhiteNoise, CommonMiddleware), as django-cors-headers asks.
    MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")
    CORS_ALLOW_CREDENTIALS = True

ENFORCE_2FA = env_bool("ENFORCE_2FA", False)
TWO_FACTOR_EXEMPT_USERS = [email.lower() for email in env_list("2FA_EXEMPT_USERS", [])]

# NUM_PROXIES: how many proxies in front append to X-Forwarded-For; the client address the
# budgets count is the one the outermost of them saw (0: the direct peer, REMOTE_ADDR).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
LOGIN_RATE_LIMIT_PER_IP = env_str("LOGIN_RATE_LIMIT_PER_IP", "300/60")
LOGIN_RATE_LIMIT_PER_ACCOUNT = env_str("LOGIN_RATE_LIMIT_PER_ACCOUNT", "30/60")
MAIL_RATE_LIMIT_PER_IP = env_str("MAIL_RATE_LIMIT_PER_IP", "60/3600")
MAIL_RATE_LIMIT_PER_ACCOUNT = env_str("MAIL_RATE_LIMIT_PER_ACCOUNT", "10/3600")
# OpenID Connect sign-on (off unless OIDC_ENABLED): the provider's discovery document URL
# (".../.well-known/openid-configuration") and this server's client credentials there. Its
# redirect URI is DOMAIN_URL + "/api/auth/oidc/callback".
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
OIDC_DISCOVERY_URL = env_str("OIDC_DISCOVERY_URL", "")
OIDC_SCOPE = env_str("OIDC_SCOPE", "openid email profile")
# SAML sign-on (off unless SAML_ENABLED): this server is the service provider SAML_ENTITY_ID,
# its assertion consumer is DOMAIN_URL + "/api/auth/saml/sso". The identity provider is
# described by its metadata: SAML_METADATA_FILE (a local XML file, read on each sign-on) or
# else SAML_METADATA_URL (fetched, then kept SAML_METADATA_CACHE_SECONDS). SAML_IDP_NAME is
# the provider's name the web client shows on its sign-on button.
SAML_ENABLED = env_bool("SAML_ENABLED", False)
SAML_IDP_NAME = env_str("SAML_IDP_NAME", "")
SAML_ENTITY_ID = env_str("SAML_ENTITY_ID", "")
SAML_METADATA_URL = env_str("SAML_METADATA_URL", "")
SAML_METADATA_FILE = env_str("SAML_METADATA_FILE", "")
SAML_METADATA_CACHE_SECONDS = env_int("SAML_METADATA_CACHE_SECONDS", 3600)
# `check --deploy` is about the deployment's settings; the OpenAPI schema's own warnings are
# reported by `manage.py spectacular --validate` instead of drowning those.
SPECTACULAR_SETTINGS["ENABLE_DJANGO_DEPLOY_CHECK"] = False
# Load balancers probe the status routes over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^(api/)?status"]
