from django.db import migrations, models


def flag_who_attended(apps, schema_editor):
    """Set the new flag from the briefings and invitations a database already holds (none on a new one).

    The rebuild is the application's own (``last_briefing_rebuild``): it reads only columns this migration's state
    has.
    """
    BriefingInvitation = apps.get_model("opinion", "BriefingInvitation")
    if not BriefingInvitation.objects.exists():
        return
    from opinion.services.last_briefing import last_briefing_rebuild

    last_briefing_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("opinion", "0005_collaborator_sort_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="collaborator",
            name="attended_last_briefing",
            field=models.BooleanField(default=False, editable=False, verbose_name="attended the last briefing"),
        ),
        migrations.RunPython(flag_who_attended, migrations.RunPython.noop),
    ]
