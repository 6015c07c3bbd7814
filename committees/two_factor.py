"""Two-step verification (TOTP, django-otp): required for the admin, offered to every user.

A user who has set it up signs in with their password and the code their authenticator app shows, or one of ten
recovery codes (each works once). The admin lets in only a session verified that way; an administrator without
it is sent to set it up first.
"""

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def _code(text: str) -> str:
    return "".join(str(text or "").split()).lower()


class SignInForm(AuthenticationForm):
    """Username and password, and the verification code of those who have set it up."""

    otp_token = forms.CharField(
        label=gettext_lazy("Verification code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=gettext_lazy(
            "Only if you have set up two-step verification: the code your app shows, or a recovery code."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.user_cache
        if user is not None and user_has_device(user):
            # No code is no attempt: only a wrong one makes the next attempt wait.
            token = _code(self.cleaned_data.get("otp_token"))
            device = match_token(user, token) if token else None
            if device is None:
                raise forms.ValidationError(
                    _("Enter the code your authenticator app shows now, or one of your recovery codes."), code="otp"
                )
            user.otp_device = device  # kept in the session at login (django_otp's user_logged_in receiver)
        return cleaned


class ConfirmForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code shown by the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _qr_svg(data: str) -> str:
    stream = io.BytesIO()
    qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(stream)
    return stream.getvalue().decode().split("?>", 1)[-1]  # inline: without the XML declaration


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Set up two-step verification (scan, confirm with a code, receive recovery codes), or see it is on and make
    new recovery codes."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        if request.method == "POST" and request.POST.get("action") == "recovery" and request.user.is_verified():
            return render(
                request, "registration/two_factor.html", {"enabled": True, "codes": _new_recovery_codes(user)}
            )
        return render(request, "registration/two_factor.html", {"enabled": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="default", confirmed=False
    )
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(_code(form.cleaned_data["otp_token"])):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(user)
            otp_login(request, device)
            messages.success(request, _("Two-step verification is on."))
            return render(request, "registration/two_factor.html", {"enabled": True, "codes": codes})
        form.add_error(
            "otp_token", _("This is not the code the app shows now: check the phone's clock, and try again.")
        )
    secret = b32encode(device.bin_key).decode()  # the key the QR code carries, for typing it in instead
    return render(
        request,
        "registration/two_factor.html",
        {
            "form": form,
            "qr": mark_safe(_qr_svg(device.config_url)),  # made by the library from our own URL: no user markup
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": request.GET.get("required") == "admin",
        },
    )


class VerifiedAdminSite(admin.AdminSite):
    """The admin, for staff whose session is verified with a second factor."""

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated and not user.is_staff:
            raise PermissionDenied  # signed in, but not an administrator: sending them to sign in would loop
        if user.is_authenticated and not user.is_verified():
            if not user_has_device(user):
                return redirect(f"{reverse('two_factor')}?required=admin")
            logout(request)  # signed in before the second factor was set up elsewhere: sign in again, with it
            messages.info(request, _("Sign in again with your verification code to open the administration."))
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("login"))
