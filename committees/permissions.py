"""An account's permissions kept in the shared cache between its requests, instead of two queries on every page.

What a role may do changes rarely (an administrator edits a group, or moves an account to another role); any such
change gives the permissions a new version, and an entry kept under an older version is never read again. The
version changes on every way Django changes them: a group's or an account's permissions, an account's groups, a
group or a permission saved or deleted, and migrations (which create permissions in bulk, without signals).

Only where the cache is shared by every web process (Redis): a cache in each process would keep one process's
permissions after another took them away. Where the cache cannot be reached, the permissions are read as Django
reads them.
"""

import contextlib
import logging
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION = "permissions:version"
# An entry lives this long at most: a change made while the cache could not be reached is seen after it.
TIMEOUT = 10 * 60


def kept_between_requests() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None or not kept_between_requests():
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = self._kept(user_obj)
        return user_obj._perm_cache

    def _kept(self, user_obj) -> set[str]:
        key = f"permissions:{user_obj.pk}:{user_obj.is_superuser:d}"
        try:
            found = cache.get_many([VERSION, key])
        except RedisError:
            return super().get_all_permissions(user_obj)
        version = found.get(VERSION)
        kept = found.get(key)
        if version is not None and kept is not None and kept[0] == version:
            return kept[1]
        permissions = super().get_all_permissions(user_obj)
        with contextlib.suppress(RedisError):  # read, and used: kept the next time the cache answers
            if version is None:  # never set, or evicted: a new one, which no entry was kept under
                cache.add(VERSION, uuid.uuid4().hex, timeout=None)
                version = cache.get(VERSION)
            cache.set(key, (version, permissions), TIMEOUT)
        return permissions


def forget_all(**kwargs) -> None:
    """Every account's permissions are read afresh at its next request: at once, and again once the change is
    committed (a request in between would have kept what the database still held)."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    try:
        cache.set(VERSION, uuid.uuid4().hex, timeout=None)
    except RedisError:
        logger.warning("The cache could not be reached: permissions kept before this change live out their time.")


def connect() -> None:
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(forget_all, sender=through, dispatch_uid=f"permissions:{through._meta.label}")
    for model in (Group, Permission):  # a deleted group takes its members' rows with it, without m2m_changed
        post_save.connect(forget_all, sender=model, dispatch_uid=f"permissions:save:{model._meta.label}")
        post_delete.connect(forget_all, sender=model, dispatch_uid=f"permissions:delete:{model._meta.label}")
    post_migrate.connect(forget_all, dispatch_uid="permissions:migrate")
