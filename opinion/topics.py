from opinion.models import Topic

DEFAULT_TOPICS = [
    "Chủ trương, chính sách, pháp luật",
    "Phòng, chống tham nhũng, lãng phí",
    "Công tác cán bộ",
    "Đời sống, việc làm, tiền lương",
    "Tư tưởng, biểu hiện “tự diễn biến”, “tự chuyển hóa”",
    "Tình hình quốc tế",
    "Vấn đề khác",
]


def ensure_default_topics(**kwargs) -> None:
    """The opinion topics a new installation starts with; administrators manage them after that."""
    if not Topic.objects.exists():
        Topic.objects.bulk_create([Topic(name=name, order=i) for i, name in enumerate(DEFAULT_TOPICS, start=1)])
