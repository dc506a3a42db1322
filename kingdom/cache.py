"""Django's Redis cache, with its client built once instead of on every call.

``django.core.cache.backends.redis.RedisCacheClient.get_client()`` constructs a new
``redis.Redis`` for every ``get``/``add``/``incr`` — each construction builds redis-py's table of
response callbacks (a case-insensitive dict of some two hundred entries). Under the 500-user load
that construction was a tenth of the front's CPU (py-spy, ``make bench``'s original test), spent
before any byte reached Valkey. A ``redis.Redis`` is safe to share between threads (every command
takes a connection from the pool), so one per connection pool is enough; the pool stays Django's.

Django also makes a new cache object, and with it a new client and pool, for every thread and
every ``contextvars`` context (``django.core.cache.caches`` is an ``asgiref.local.Local``). The
front asks its services from a shared thread pool, each call in a copy of the request's context
(front.api.concurrent): every such call that touched the cache first built a pool, opened a new
connection to Valkey (redis-py looks its own version up in the installed packages' metadata for
each new connection) and dropped it afterwards — 3 % of the front's CPU under ``make bench``'s
people mix. So the client, and its pool, is one per process for each server and set of options.
"""

from __future__ import annotations

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedRedisCacheClient(RedisCacheClient):
    """``RedisCacheClient`` whose ``redis.Redis`` per connection pool is made once."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._pools.get(index)
            if pool is None:  # as Django makes it (_get_connection_pool would draw another index)
                server = self._servers[index]
                pool = self._pools[index] = self._pool_class.from_url(server, **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


_clients: dict[str, ReusedRedisCacheClient] = {}
_clients_lock = threading.Lock()


class RedisCache(DjangoRedisCache):
    """The shared cache's backend (``kingdom.settings.shared_cache``): every instance in a process
    with the same servers and options shares one client and its connection pools."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient

    @property
    def _cache(self) -> ReusedRedisCacheClient:
        key = repr((self._servers, sorted(self._options.items())))
        client = _clients.get(key)
        if client is None:
            with _clients_lock:
                client = _clients.get(key)
                if client is None:
                    client = _clients[key] = self._class(self._servers, **self._options)
        return client
