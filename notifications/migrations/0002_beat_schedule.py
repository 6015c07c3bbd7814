"""Beat's default schedule, kept in the database (django-celery-beat) and editable in the admin."""

from datetime import UTC, datetime

from django.db import migrations

TICK = "notifications.tick"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five_minutes, _created = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Gửi email nhắc việc đến hạn (send due reminders)",
        defaults={
            "task": TICK,
            "interval": every_five_minutes,
            # Long ago, so that the first beat after installing ticks at once instead of five minutes later.
            "last_run_at": datetime(2000, 1, 1, tzinfo=UTC),
            "description": "Lập các email đến hạn và gửi chúng; cơ sở dữ liệu quyết định điều gì đến hạn.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TICK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
