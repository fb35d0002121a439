"""Test settings: the real settings, with fast password hashing and mail kept in memory."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from kitsu_site.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Live-server threads must not keep connections open past a test, or the test database cannot
# be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# On SQLite the test database is a file, not memory, so that a Celery worker started as another
# process by the e2e tests reads the same rows. One file per test run: runs side by side on one
# machine do not share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"kitsu-test-{os.getpid()}.sqlite3")
    }

# Each test starts with an empty cache (tests/conftest.py): a process-local one, so rate-limit
# counters and cached webhooks never leak between tests, nor between parallel runs through a
# shared Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
