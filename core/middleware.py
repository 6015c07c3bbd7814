"""Requests turned away before any view, form or database sees them, and the answer while the database is away."""

from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string

from committees.scoping import scope_of
from core import stamps
from core.database import answers as database_answers
from core.uploads import MAX_UPLOAD_SIZE

MAX_REQUEST_BODY = MAX_UPLOAD_SIZE + 1024 * 1024  # the largest upload, and the form around it


class RejectNulBytesMiddleware:
    """A NUL byte is never something a person typed, and PostgreSQL refuses it in text: a request that carries one
    in its path, a parameter's name or value is answered 400 (the error page says why), wherever it was aimed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or self._carries_nul(request.GET)
            or (request.method == "POST" and self._carries_nul(request.POST))
        ):
            raise BadRequest("A NUL byte in the request.")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(data) -> bool:
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class RefuseOversizedBodiesMiddleware:
    """A request body larger than the largest upload and its form is answered 413 from its declared length, before
    any of it is read (nginx's ``client_max_body_size`` does the same in front, README)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._declared_length(request) > MAX_REQUEST_BODY:
            limit = filesizeformat(MAX_UPLOAD_SIZE)
            return render(request, "413.html", {"limit": limit}, status=413)
        return self.get_response(request)

    @staticmethod
    def _declared_length(request) -> int:
        declared = str(request.META.get("CONTENT_LENGTH") or "").strip()
        if not (declared.isascii() and declared.isdigit()):
            return 0  # none, or not a number: the server refuses such a request itself
        return int(declared) if len(declared) <= 18 else MAX_REQUEST_BODY + 1


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached (restarting, failing over), a request answers 503 with a page that says
    to try again in a moment, instead of a server error; nothing was saved, since nothing could be. Outermost but
    for the security headers: whatever layer failed (the session, the user, the view), a server error is checked
    against the database before it goes out. The page uses no database (no user, no menu)."""

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and not database_answers():
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class StampWritesMiddleware:
    """After a request that may have written (any method but GET, HEAD and OPTIONS, answered without a server
    error), the stamps of the writer's committee and of those above it change (``core.stamps``): figures cached for
    them are read afresh. Anonymous and whole-tree writers stamp the whole tree. After the view, so after its
    transaction has committed."""

    SAFE = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE and response.status_code < 500:
            scope = scope_of(request.user)
            stamps.touch(scope.path if scope.committee is not None else None)
        return response
