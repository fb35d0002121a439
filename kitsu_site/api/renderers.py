"""JSON rendering through orjson: the same bytes as the standard encoder, several times faster."""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from rest_framework.renderers import BaseRenderer


def json_bytes(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)


class JSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context=None
    ) -> bytes:
        if data is None:
            return b""
        return json_bytes(data)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block (left alone if already off, as during
    another thread's pause)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def rendered_json(build: Callable[[], Any]) -> orjson.Fragment:
    """The JSON of what `build` returns, made at once with the collector paused, for a
    `Response` to send as it is.

    Heavy lists are tens of thousands of short-lived dicts and lists without cycles. While they
    are built the collector would run every few hundred allocations, and its full passes over
    every object of the process made the slow tail (p95) of these requests. Here reference
    counting frees the rows as soon as their JSON exists: the collector never sees them.
    """
    with collector_paused():
        return orjson.Fragment(json_bytes(build()))
