"""Rows kept because their receiver (Redis for events, the broker for jobs) did not answer, and
how they are sent again once it does."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import models, transaction


def outbox_flush(
    kept: models.QuerySet,
    *,
    send: Callable[[models.Model], None],
    receiver_down: type[Exception],
    logger: logging.Logger,
    receiver: str,
    what: str,
    batch: int | None = None,
) -> bool:
    """Send the kept rows oldest first, `batch` at a time (all at once without one), each by one
    process only when several flush at once, and delete those sent; True when none is left,
    False when the receiver still does not answer."""
    while True:
        with transaction.atomic():
            oldest = kept.select_for_update(skip_locked=True).order_by("created_at", "id")
            rows = list(oldest if batch is None else oldest[:batch])
            sent = []
            try:
                for row in rows:
                    send(row)
                    sent.append(row.pk)
            except receiver_down:
                logger.warning("%s still does not answer, %d %s wait", receiver, len(rows), what)
            kept.filter(pk__in=sent).delete()
        if len(sent) < len(rows):
            return False
        if batch is None or len(rows) < batch:
            return True
