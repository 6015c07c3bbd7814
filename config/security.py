import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver

SIGNED_IN_AT = "signed_in_at"


@receiver(user_logged_in)
def _remember_sign_in_time(sender, request, user, **kwargs):
    request.session[SIGNED_IN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """End a session SESSION_MAX_LIFETIME after sign-in, however active it has been.

    The idle limit is the cookie age renewed on every request; this adds the absolute limit Django lacks.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_seconds = settings.SESSION_MAX_LIFETIME.total_seconds()

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, int(time.time()))
            if time.time() - signed_in_at > self.max_seconds:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
