from collections import defaultdict

import django.core.validators
from django.db import migrations, models

import core.validators

STEP = 4  # the tree's path step (treebeard's steplen): a parent's path is its child's less one step
ABOVE_ONLY = {"grassroots", "partial"}


def real_kinds(apps, schema_editor):
    """From the three kinds of before to the six the party has, guessed from the tree's shape once (administrators
    correct the exceptions): under the bloc, a committee with committees under it is upper-grassroots and one with
    cells only grassroots; under an upper-grassroots committee, a committee is grassroots; under a grassroots or
    partial one, partial. A cell under a grassroots or partial committee is attached, any other a grassroots cell.
    Their history follows, so that it never shows a kind that no longer exists."""
    Committee = apps.get_model("committees", "Committee")
    rows = list(Committee.objects.order_by("depth").values_list("pk", "path", "kind"))
    with_committees_under = {path[:-STEP] for _, path, kind in rows if kind == "committee"}
    new, pks_of = {}, defaultdict(list)
    for pk, path, kind in rows:
        above = new.get(path[:-STEP])
        if kind == "committee":
            if above in ABOVE_ONLY:
                kind = "partial"
            elif above == "upper_grassroots" or path not in with_committees_under:
                kind = "grassroots"
            else:
                kind = "upper_grassroots"
        elif kind == "cell":
            kind = "attached_cell" if above in ABOVE_ONLY else "grassroots_cell"
        new[path] = kind
        pks_of[kind].append(pk)
    History = apps.get_model("committees", "HistoricalCommittee")
    for kind, pks in pks_of.items():
        for start in range(0, len(pks), 5000):
            chunk = pks[start : start + 5000]
            Committee.objects.filter(pk__in=chunk).exclude(kind=kind).update(kind=kind)
            History.objects.filter(id__in=chunk, kind__in=["committee", "cell"]).update(kind=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0007_plausible_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="committee",
            name="department_symbol",
            field=models.CharField(
                blank=True,
                help_text='The symbol its propaganda department signs documents with, e.g. "BTGĐUK".',
                max_length=30,
                verbose_name="department's document symbol",
            ),
        ),
        migrations.AddField(
            model_name="committee",
            name="exempt_members",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Party members exempt from party activities (miễn sinh hoạt): not expected to study.",
                validators=[django.core.validators.MaxValueValidator(10000000)],
                verbose_name="members exempt from meetings",
            ),
        ),
        migrations.AddField(
            model_name="committee",
            name="place_name",
            field=models.CharField(
                blank=True,
                help_text='Where its documents are issued, written before their date, e.g. "Hà Nội".',
                max_length=100,
                validators=[core.validators.visible_text],
                verbose_name="place name",
            ),
        ),
        migrations.AddField(
            model_name="committee",
            name="subtree_exempt_members",
            field=models.PositiveBigIntegerField(
                default=0, editable=False, verbose_name="members exempt from meetings in the subtree"
            ),
        ),
        migrations.AddField(
            model_name="historicalcommittee",
            name="department_symbol",
            field=models.CharField(
                blank=True,
                help_text='The symbol its propaganda department signs documents with, e.g. "BTGĐUK".',
                max_length=30,
                verbose_name="department's document symbol",
            ),
        ),
        migrations.AddField(
            model_name="historicalcommittee",
            name="exempt_members",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Party members exempt from party activities (miễn sinh hoạt): not expected to study.",
                validators=[django.core.validators.MaxValueValidator(10000000)],
                verbose_name="members exempt from meetings",
            ),
        ),
        migrations.AddField(
            model_name="historicalcommittee",
            name="place_name",
            field=models.CharField(
                blank=True,
                help_text='Where its documents are issued, written before their date, e.g. "Hà Nội".',
                max_length=100,
                validators=[core.validators.visible_text],
                verbose_name="place name",
            ),
        ),
        migrations.AlterField(
            model_name="committee",
            name="kind",
            field=models.CharField(
                choices=[
                    ("bloc", "Bloc party committee"),
                    ("upper_grassroots", "Upper-grassroots party committee"),
                    ("grassroots", "Grassroots party committee"),
                    ("grassroots_cell", "Grassroots party cell"),
                    ("partial", "Partial party committee"),
                    ("attached_cell", "Attached party cell"),
                ],
                default="grassroots_cell",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcommittee",
            name="kind",
            field=models.CharField(
                choices=[
                    ("bloc", "Bloc party committee"),
                    ("upper_grassroots", "Upper-grassroots party committee"),
                    ("grassroots", "Grassroots party committee"),
                    ("grassroots_cell", "Grassroots party cell"),
                    ("partial", "Partial party committee"),
                    ("attached_cell", "Attached party cell"),
                ],
                default="grassroots_cell",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="committee",
            constraint=models.CheckConstraint(
                condition=models.Q(("exempt_members__lte", models.F("party_members"))), name="exempt_among_the_members"
            ),
        ),
        migrations.RunPython(real_kinds, migrations.RunPython.noop, elidable=True),
    ]
