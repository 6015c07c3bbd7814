from django.db import migrations, models

from core.collation import sort_key

BATCH = 2000


def fill_sort_names(model, key, fields) -> None:
    """Compute the sort key of every existing row, a batch at a time."""
    batch = []
    for row in model.objects.only("pk", *fields).order_by("pk").iterator(chunk_size=BATCH):
        row.sort_name = key(row)
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_update(batch, ["sort_name"])
            batch = []
    if batch:
        model.objects.bulk_update(batch, ["sort_name"])


def forwards(apps, schema_editor):
    fill_sort_names(apps.get_model("committees", "Committee"), lambda c: sort_key(c.name), ["name"])
    fill_sort_names(
        apps.get_model("committees", "User"),
        lambda u: sort_key(f"{u.last_name} {u.first_name}".strip() or u.username),
        ["last_name", "first_name", "username"],
    )


class Migration(migrations.Migration):
    dependencies = [("committees", "0003_holidays")]

    operations = [
        migrations.AddField(
            model_name="committee",
            name="sort_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="user",
            name="sort_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="committee",
            index=models.Index(fields=["depth", "sort_name", "id"], name="committee_level_by_name"),
        ),
    ]
