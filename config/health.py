import ipaddress

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery_app import app as celery_app
from core.addresses import client_address
from core.database import answers as database_answers


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
        return True
    except Exception:
        return False


def _may_read_details(request, database_ok: bool) -> bool:
    """The state of each service is for the machine's own monitoring (loopback) and for administrators; anybody
    else learns only whether the application is up. (Who is an administrator is known only while the database is.)"""
    try:
        if ipaddress.ip_address(client_address(request)).is_loopback:
            return True
    except ValueError:  # no address (a unix socket) or not one: not the machine's own monitoring
        pass
    return database_ok and request.user.is_staff


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers (the broker's state is reported but not fatal), 503 when it does not."""
    database = database_answers()
    body = {"status": "ok" if database else "error"}
    if _may_read_details(request, database):
        body |= {"database": "ok" if database else "error", "broker": "ok" if _broker_ok() else "error"}
    return JsonResponse(body, status=200 if database else 503)
