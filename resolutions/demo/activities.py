"""Demo activities: what the bloc's department and each committee right under it recorded this year and last —
thematic meetings, conferences with their thematic talks (the review conference's "fighting wrong views on the
Internet"), orientation notices, publicity, reporters' briefings, theory classes and posts countering wrong views.
Deterministic (a random generator of its own)."""

from datetime import date, timedelta

from committees.demo import ROOT_CODE, DemoContext
from committees.models import Committee
from resolutions.models import Activity, ActivityKind

TITLES = {
    ActivityKind.THEMATIC_MEETING: "Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ActivityKind.CONFERENCE: "Hội nghị sơ kết công tác tuyên giáo; chuyên đề “Đấu tranh phản bác các quan điểm sai "
    "trái trên Internet”",
    ActivityKind.ORIENTATION: "Định hướng thông tin về kỳ họp Quốc hội",
    ActivityKind.PUBLICITY: "Bản tin nội bộ và tin bài trên trang thông tin điện tử",
    ActivityKind.REPORTERS: "Hội nghị báo cáo viên định kỳ",
    ActivityKind.THEORY_CLASS: "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới",
    ActivityKind.COUNTERING: "Bài viết đấu tranh phản bác quan điểm sai trái, thù địch",
}


def seed(context: DemoContext) -> None:
    rng = context.rng("activities")
    root = Committee.objects.get(code=ROOT_CODE)
    committees = [root, *Committee.objects.children_of(root).filter(is_active=True).order_by("path")]
    rows = []
    for committee in committees:
        for year in (context.today.year - 1, context.today.year):
            last = min(date(year, 12, 31), context.today)
            for kind in ActivityKind.values:
                for _ in range(rng.randint(0, 2)):
                    day = date(year, 1, 1) + timedelta(days=rng.randint(0, (last - date(year, 1, 1)).days))
                    rows.append(_activity(rng, committee, kind, day))
    Activity.objects.bulk_create(rows, batch_size=2000)


def _activity(rng, committee, kind, day) -> Activity:
    activity = Activity(committee=committee, kind=kind, held_on=day, title=TITLES[kind])
    persons = rng.randint(15, 200)
    if kind in (ActivityKind.THEMATIC_MEETING, ActivityKind.CONFERENCE, ActivityKind.REPORTERS):
        activity.participants, activity.person_times, activity.sessions = persons, persons, 1
    elif kind == ActivityKind.THEORY_CLASS:
        sessions = rng.randint(2, 6)
        activity.participants, activity.person_times, activity.sessions = persons, persons * sessions, sessions
    elif kind == ActivityKind.ORIENTATION:
        activity.audience = "Cấp ủy các chi bộ, đảng bộ trực thuộc"
    elif kind == ActivityKind.PUBLICITY:
        activity.items = rng.randint(3, 40)
    else:
        activity.items, activity.audience = rng.randint(1, 25), "Facebook, Zalo, trang thông tin điện tử"
    activity.search_text = activity.build_search_text()  # bulk_create does not run save()
    return activity
