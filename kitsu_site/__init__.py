"""The Kitsu API site. Loading the Celery app here lets `@shared_task` find it in every process."""

from kitsu_site.celery import app as celery_app

__all__ = ["celery_app"]
