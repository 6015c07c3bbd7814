from django.db import migrations

from committees.dbindex import trigram_index

TOPICS = [
    "Chủ trương, chính sách, pháp luật",
    "Phòng, chống tham nhũng, lãng phí",
    "Công tác cán bộ",
    "Đời sống, việc làm, tiền lương",
    "Tư tưởng, biểu hiện “tự diễn biến”, “tự chuyển hóa”",
    "Tình hình quốc tế",
    "Vấn đề khác",
]


def seed_topics(apps, schema_editor):
    Topic = apps.get_model("opinion", "Topic")
    Topic.objects.bulk_create([Topic(name=name, order=i) for i, name in enumerate(TOPICS, start=1)])


class Migration(migrations.Migration):
    dependencies = [("opinion", "0001_initial")]

    operations = [
        trigram_index("opinion_collaborator"),
        trigram_index("opinion_training"),
        trigram_index("opinion_opinionreport"),
        trigram_index("opinion_hotspot"),
        trigram_index("opinion_concern"),
        trigram_index("opinion_dialogue"),
        migrations.RunPython(seed_topics, migrations.RunPython.noop),
    ]
