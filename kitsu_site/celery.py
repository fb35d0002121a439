"""The Celery application: workers run `celery -A kitsu_site worker` beside the API processes.

Tasks live in each app's `tasks.py`. Without a broker configured, `CELERY_TASK_ALWAYS_EAGER`
runs them inline, so the embedded default needs no worker.

A job the broker does not take (broker down) neither fails the request that asked for it nor
is lost: it is kept in `UnsentJob` and sent again, oldest first, before the next job this
process sends and every `JOBS_RESEND_INTERVAL` seconds by the beat (`worker -B`).
"""

import logging
import os
from typing import Any

from celery import Celery, Task, shared_task
from celery.utils import uuid
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitsu_site.settings")

logger = logging.getLogger(__name__)

JOBS_RESEND_INTERVAL = 30.0
# The sending options a kept job is sent again with (the others are Celery's own defaults).
KEPT_OPTIONS = ("task_id", "countdown", "queue", "priority")


class _Outbox:
    """Whether this process kept jobs for later: its next job waits behind them."""

    left_by_this_process = False


_outbox = _Outbox()


class KeptWhenBrokerDownTask(Task):
    """Every job of the application: sent to the broker, or kept for later when it is down."""

    def apply_async(self, args=None, kwargs=None, **options: Any):
        options.setdefault("task_id", uuid())
        if _outbox.left_by_this_process and not jobs_resend():
            return self._keep(args, kwargs, options)
        try:
            return super().apply_async(args, kwargs, **options)
        except OperationalError:  # the request that asked for the job is answered all the same
            logger.warning("The broker did not take %s, kept for later", self.name, exc_info=True)
            return self._keep(args, kwargs, options)

    def _keep(self, args: Any, kwargs: Any, options: dict[str, Any]):
        from kitsu_site.api.models import UnsentJob

        UnsentJob.objects.create(
            task_name=self.name,
            args=list(args or ()),
            kwargs=dict(kwargs or {}),
            options={key: options[key] for key in KEPT_OPTIONS if options.get(key) is not None},
        )
        _outbox.left_by_this_process = True
        return self.AsyncResult(options["task_id"])


app = Celery("kitsu_site", task_cls=KeptWhenBrokerDownTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = {
    "resend-unsent-jobs": {"task": "jobs.resend_unsent", "schedule": JOBS_RESEND_INTERVAL}
}
app.autodiscover_tasks()


def jobs_resend() -> bool:
    """Send the jobs the broker missed, oldest first, each by one process only when several
    try at once; True when none is left, False when the broker still does not answer."""
    from kitsu_site.api.models import UnsentJob
    from kitsu_site.api.outbox import outbox_flush

    if not outbox_flush(
        UnsentJob.objects.all(),
        send=lambda job: app.send_task(
            job.task_name, args=job.args, kwargs=job.kwargs, **job.options
        ),
        receiver_down=OperationalError,
        logger=logger,
        receiver="The broker",
        what="jobs",
    ):
        return False
    _outbox.left_by_this_process = False
    return True


# A plain task: when the broker is down, the beat's next tick asks again rather than keeping it.
@shared_task(name="jobs.resend_unsent", ignore_result=True, base=Task)
def resend_unsent_jobs() -> None:
    jobs_resend()
