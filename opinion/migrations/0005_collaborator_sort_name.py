from django.db import migrations, models

from core.collation import sort_key

BATCH = 2000


def forwards(apps, schema_editor):
    Collaborator = apps.get_model("opinion", "Collaborator")
    batch = []
    for row in Collaborator.objects.only("pk", "full_name").order_by("pk").iterator(chunk_size=BATCH):
        row.sort_name = sort_key(row.full_name)
        batch.append(row)
        if len(batch) == BATCH:
            Collaborator.objects.bulk_update(batch, ["sort_name"])
            batch = []
    if batch:
        Collaborator.objects.bulk_update(batch, ["sort_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0004_sort_names"),
        ("opinion", "0004_tallies"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="collaborator",
            options={
                "ordering": ["sort_name", "pk"],
                "verbose_name": "collaborator",
                "verbose_name_plural": "collaborators",
            },
        ),
        migrations.RemoveIndex(model_name="collaborator", name="collaborator_by_name"),
        migrations.AddField(
            model_name="collaborator",
            name="sort_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="collaborator",
            index=models.Index(fields=["sort_name", "id"], name="collaborator_by_sort_name"),
        ),
    ]
