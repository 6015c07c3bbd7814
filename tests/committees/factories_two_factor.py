"""Devices of two-step verification, as the admin lists them."""

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory


def _admin_totp_device():
    return TOTPDevice.objects.create(user=UserFactory(username="two_factor_user"), name="default", confirmed=True)


def _admin_static_device():
    device = StaticDevice.objects.create(user=UserFactory(username="recovery_user"), name="recovery")
    StaticToken.objects.create(device=device, token=StaticToken.random_token())
    return device


ADMIN_MAKERS = {"otp_totp.TOTPDevice": _admin_totp_device, "otp_static.StaticDevice": _admin_static_device}
