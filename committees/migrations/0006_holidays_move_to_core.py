# The public holidays now belong to the core app (core/migrations/0001_initial.py): their tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0005_committee_name_index'),
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='HistoricalHoliday'),
                migrations.DeleteModel(name='Holiday'),
            ],
            database_operations=[],
        ),
    ]
