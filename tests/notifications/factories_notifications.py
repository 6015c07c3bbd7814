"""Outbox rows and email settings for the tests, and the admin makers of this area: the outbox, the settings, and
beat's schedules (the tick's schedule lives in the database, see notifications/migrations/0002_beat_schedule.py)."""

from datetime import timedelta

from django.utils import timezone

from notifications.models import Delivery, Preference
from tests.factories import UserFactory


def make_delivery(**fields) -> Delivery:
    fields.setdefault("kind", "monthly_digest")
    fields.setdefault("object_id", 1)
    fields.setdefault("occurrence", "2026-11")
    fields.setdefault("email", "nguoi.nhan@tuyengiao.example")
    fields.setdefault("name", "Nguyễn Văn Nhận")
    fields.setdefault("next_attempt_at", timezone.now())
    return Delivery.objects.create(**fields)


def _admin_delivery():
    return make_delivery(state=Delivery.State.FAILED, attempts=8, last_error="550 5.1.1 Mailbox unavailable")


def _admin_preference():
    return Preference.objects.create(user=UserFactory(username="preference_admin"), language="en")


def _admin_interval():
    from django_celery_beat.models import IntervalSchedule

    return IntervalSchedule.objects.get_or_create(every=5, period=IntervalSchedule.MINUTES)[0]


def _admin_crontab():
    from django_celery_beat.models import CrontabSchedule

    return CrontabSchedule.objects.create(minute="0", hour="7", day_of_month="1-7")


def _admin_clocked():
    from django_celery_beat.models import ClockedSchedule

    return ClockedSchedule.objects.create(clocked_time=timezone.now() + timedelta(days=1))


def _admin_solar():
    from django_celery_beat.models import SolarSchedule

    return SolarSchedule.objects.create(event="sunrise", latitude=21.0285, longitude=105.8542)  # Hà Nội


def _admin_periodic_task():
    from django_celery_beat.models import PeriodicTask

    # The migration's row, unless a test that empties the database (transaction=True) ran before.
    return PeriodicTask.objects.get_or_create(
        name="Gửi email nhắc việc (kiểm thử)",
        defaults={"task": "notifications.tick", "interval": _admin_interval()},
    )[0]


ADMIN_MAKERS = {
    "notifications.Delivery": _admin_delivery,
    "notifications.Preference": _admin_preference,
    "django_celery_beat.IntervalSchedule": _admin_interval,
    "django_celery_beat.CrontabSchedule": _admin_crontab,
    "django_celery_beat.ClockedSchedule": _admin_clocked,
    "django_celery_beat.SolarSchedule": _admin_solar,
    "django_celery_beat.PeriodicTask": _admin_periodic_task,
}
