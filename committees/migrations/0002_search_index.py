from django.db import migrations

from core.database import trigram_index


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_initial")]

    operations = [trigram_index("committees_committee")]
