"""The Celery application: workers run `celery -A kitsu_site worker` beside the API processes.

Tasks live in each app's `tasks.py`. Without a broker configured, `CELERY_TASK_ALWAYS_EAGER`
runs them inline, so the embedded default needs no worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitsu_site.settings")

app = Celery("kitsu_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
