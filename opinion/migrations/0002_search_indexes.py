from django.db import migrations

from core.database import trigram_index


class Migration(migrations.Migration):
    dependencies = [("opinion", "0001_initial")]

    operations = [
        trigram_index("opinion_collaborator"),
        trigram_index("opinion_training"),
        trigram_index("opinion_opinionreport"),
        trigram_index("opinion_hotspot"),
        trigram_index("opinion_concern"),
        trigram_index("opinion_dialogue"),
    ]
