"""The address a request came from, as sign-in throttling must see it.

Behind ``PROXY_COUNT`` reverse proxies, each of which appends the address it received the request from to
``X-Forwarded-For`` (nginx's ``$proxy_add_x_forwarded_for``), the client's address is the ``PROXY_COUNT``-th entry
from the right: everything left of it was sent by the client and may be forged. Without proxies it is the peer's
address. The address is never missing: without a usable header the peer (the proxy itself) stands for the client,
which throttles more, never less.
"""

import ipaddress
import logging

from django.conf import settings

log = logging.getLogger(__name__)
_warned = False


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.PROXY_COUNT
    if not proxies:
        _warn_if_proxied(request)
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return peer
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return peer


def _warn_if_proxied(request) -> None:
    """A forwarded request with ``PROXY_COUNT=0``: every client is the proxy's one address to the sign-in lock."""
    global _warned
    if not _warned and "HTTP_X_FORWARDED_FOR" in request.META:
        _warned = True
        log.warning("A request came through a proxy (X-Forwarded-For) but PROXY_COUNT is 0: set PROXY_COUNT.")
