"""Redis as the cache, answering as an empty cache while Redis is unreachable.

What the cache holds can be lost (cached lookups, rate-limit counts): during an outage lookups
go to the database and rate limits pause, instead of every request failing with a 500.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import RedisError

logger = logging.getLogger(__name__)


def _on_outage(answer: Callable[..., Any]) -> Callable:
    """Run the cache operation; while Redis does not answer, `answer(*args)` instead."""

    def decorate(operation: Callable) -> Callable:
        @functools.wraps(operation)
        def tolerant(self, *args: Any) -> Any:
            try:
                return operation(self, *args)
            except RedisError:
                logger.warning("The Redis cache does not answer (%s)", operation.__name__)
                return answer(*args)

        return tolerant

    return decorate


def _missing_key(*args: Any) -> Any:
    raise ValueError("Key not found.")  # what `incr` raises on a key the cache does not hold


class TolerantRedisCacheClient(RedisCacheClient):
    get = _on_outage(lambda key, default: default)(RedisCacheClient.get)
    get_many = _on_outage(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _on_outage(lambda key: False)(RedisCacheClient.has_key)
    add = _on_outage(lambda key, value, timeout: False)(RedisCacheClient.add)
    set = _on_outage(lambda key, value, timeout: None)(RedisCacheClient.set)
    set_many = _on_outage(lambda data, timeout: None)(RedisCacheClient.set_many)
    touch = _on_outage(lambda key, timeout: False)(RedisCacheClient.touch)
    incr = _on_outage(_missing_key)(RedisCacheClient.incr)
    delete = _on_outage(lambda key: False)(RedisCacheClient.delete)
    delete_many = _on_outage(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _on_outage(lambda: False)(RedisCacheClient.clear)


class TolerantRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
