"""Requests turned away before any view, form or database sees them."""

from django.core.exceptions import BadRequest


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
