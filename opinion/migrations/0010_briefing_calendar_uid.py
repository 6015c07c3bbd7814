import uuid

from django.db import migrations, models


def give_each_briefing_its_own(apps, schema_editor):
    """A column added with a default gives every row the same value: each briefing draws its own."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("UPDATE opinion_briefing SET calendar_uid = gen_random_uuid()")
        return
    Briefing = apps.get_model("opinion", "Briefing")
    briefings = list(Briefing.objects.only("pk"))
    for briefing in briefings:
        briefing.calendar_uid = uuid.uuid4()
    Briefing.objects.bulk_update(briefings, ["calendar_uid"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("opinion", "0009_visible_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="briefing",
            name="calendar_uid",
            field=models.UUIDField(null=True, editable=False, help_text="The event's UID in calendars."),
        ),
        migrations.RunPython(give_each_briefing_its_own, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="briefing",
            name="calendar_uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, help_text="The event's UID in calendars."),
        ),
    ]
