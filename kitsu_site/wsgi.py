"""WSGI entry point: gunicorn kitsu_site.wsgi."""

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitsu_site.settings")
application = get_wsgi_application()

# What startup loads (every view module included) lives as long as the process: frozen, the
# garbage collector stops scanning it on each full pass, the slow tail of heavy requests.
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
