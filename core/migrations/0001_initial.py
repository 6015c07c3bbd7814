# The public holidays move from the committees app to this one: the tables stay as they are (their names are kept in
# the models), only Django's idea of which app owns them changes.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('committees', '0005_committee_name_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Holiday',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(unique=True, verbose_name='date')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('is_day_off', models.BooleanField(default=True, help_text='Untick for a holiday that is worked (e.g. swapped for another day).', verbose_name='day off')),
                        ('is_manual', models.BooleanField(default=False, editable=False, verbose_name='entered by hand')),
                    ],
                    options={
                        'verbose_name': 'public holiday',
                        'verbose_name_plural': 'public holidays',
                        'db_table': 'committees_holiday',
                        'ordering': ['date'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalHoliday',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('date', models.DateField(db_index=True, verbose_name='date')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('is_day_off', models.BooleanField(default=True, help_text='Untick for a holiday that is worked (e.g. swapped for another day).', verbose_name='day off')),
                        ('is_manual', models.BooleanField(default=False, editable=False, verbose_name='entered by hand')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical public holiday',
                        'verbose_name_plural': 'historical public holidays',
                        'db_table': 'committees_historicalholiday',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
