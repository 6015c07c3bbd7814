"""Stamps of the records under each committee, for what is cached by subtree (the overview's figures).

A write touches records in the writer's scope or above it (a concern escalated, a report sent up), and it changes
the figures of the committees above those records: so each write stamps the writer's committee and every committee
above it anew, and a cached figure of a committee is keyed by the stamps of that committee and of those above it.
Whoever writes under a committee, or above it, or at it, changes one of the stamps its figures are keyed by; a
write elsewhere changes none of them.

A stamp is a fresh random value, never a counter: a stamp evicted from the cache and set again cannot come back to
a value an old entry was stored under.
"""

import contextlib
import hashlib
import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from redis.exceptions import RedisError

from committees.models import Committee

logger = logging.getLogger(__name__)

PREFIX = "stamp:"
WHOLE_TREE = f"{PREFIX}*"  # stamped by a write whose scope is the whole tree (or unknown)


def _keys(path: str | None) -> list[str]:
    lineage = Committee.path_lineage(path) if path else []
    return [WHOLE_TREE, *(f"{PREFIX}{each}" for each in lineage)]


def touch(path: str | None) -> None:
    """After a write by someone whose scope is the committee at ``path`` (None: the whole tree, or not known).
    The write has been made: a cache that cannot be reached is logged, not raised (what it holds expires)."""
    keys = _keys(path)[1:] if path else [WHOLE_TREE]
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
    except RedisError:
        logger.warning("The cache could not be reached to stamp a write under %s.", path or "the whole tree")


def stamp(path: str) -> str:
    """The stamps the figures of the committee at ``path`` are keyed by, as one string: one round trip."""
    keys = _keys(path)
    stamps = cache.get_many(keys)
    for key in keys:
        if key not in stamps:  # never stamped, or evicted: stamped now, and read back whoever stamped it first
            cache.add(key, uuid.uuid4().hex, timeout=None)
            stamps[key] = cache.get(key)
    return "".join(stamps[key] for key in keys)


def cached_for(path: str, name: str, compute: Callable, timeout: int):
    """``compute()``, kept for ``timeout`` seconds under ``name`` and the stamps of the committee at ``path``: read
    again after any write that could change it. Computed each time while the cache cannot be reached."""
    try:
        key = f"{name}:{hashlib.sha256(stamp(path).encode()).hexdigest()[:32]}"
        value = cache.get(key)
    except RedisError:
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(RedisError):  # computed, and shown: kept the next time
            cache.set(key, value, timeout)
    return value
