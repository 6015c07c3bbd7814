"""A report's text: written first from its figures, in the administrative Vietnamese such reports are written in,
then edited freely by the department.

The outline is the one party reports follow: I. results area by area (and what became of the key tasks the last
report set), II. the overall assessment (strengths; shortcomings and their causes), III. the key tasks of the next
period, IV. proposals to the level above. The subject of a sentence is whose records the figure counts: the
committee's own department ("Ban Tuyên giáo Đảng ủy Khối đã tổ chức…") or the committees under it ("các cấp ủy trực
thuộc đã tổ chức…"). A ratio reads "35.599/35.900 đảng viên, đạt 99,16%", a change "tăng 12% so với cùng kỳ năm
trước"; a document is cited in full the first time and short after; counts of people may be rounded the way such
reports round them ("hơn 100 cộng tác viên").

Every number written from a figure is remembered with the figure it came from (``cited``), so that when an edit, or
a change of the records before signing, makes the text say something the figures do not, the editor is told
(``mismatches``). The text is Vietnamese whatever the language of the page it is edited on: it is a party document.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from core.formatting import cited_date, number, rate
from reports.figures import LABELS, SECTIONS, dig
from reports.models import PeriodKind, Report, ReportingPeriod, all_sections
from resolutions.models import ActivityKind, Campaign


@dataclass(frozen=True)
class Part:
    key: str
    heading: str  # as the document prints it, in Vietnamese, numbered within its chapter when printed; "" for none
    title: Promise  # as the editor labels it, in the reader's language
    chapter: str  # the Roman-numbered chapter it belongs to (``CHAPTERS``)
    sections: frozenset = frozenset()  # the figures' sections it gives the results of; none: always written


def period_phrase(period: ReportingPeriod, *, following: bool = False) -> str:
    """ "6 tháng đầu năm 2026", "năm 2026"; the period after it with ``following``."""
    if period.kind == PeriodKind.HALF:
        return f"6 tháng {'cuối' if following else 'đầu'} năm {period.year}"
    return f"năm {period.year + 1 if following else period.year}"


def summary_line(period: ReportingPeriod) -> str:
    """The line under "BÁO CÁO": what the report reviews and what it sets out."""
    review = "Sơ kết" if period.kind == PeriodKind.HALF else "Tổng kết"
    return (f"{review} công tác tuyên giáo {period_phrase(period)}, "
            f"phương hướng, nhiệm vụ {period_phrase(period, following=True)}")  # fmt: skip


CHAPTERS = {
    "results": lambda period: f"I. KẾT QUẢ THỰC HIỆN CÔNG TÁC TUYÊN GIÁO {period_phrase(period).upper()}",
    "assessment": lambda period: "II. ĐÁNH GIÁ CHUNG",
    "tasks": lambda period: f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM {period_phrase(period, following=True).upper()}",
    "proposals": lambda period: "IV. ĐỀ XUẤT, KIẾN NGHỊ",
}
PARTS = [
    Part("opinion", "Công tác nắm bắt tình hình tư tưởng, dư luận xã hội",
         _("Public opinion: collaborators, trainings, briefings, reports, hot spots"), "results",
         frozenset({"collaborators", "trainings", "briefings", "opinion_reports", "hot_spots"})),
    Part("concerns", "Tiếp nhận, giải quyết kiến nghị và đối thoại", _("Concerns and dialogues"), "results",
         frozenset({"concerns", "dialogues"})),
    Part("study", "Nghiên cứu, học tập, quán triệt và triển khai thực hiện nghị quyết", _("Study of resolutions"),
         "results", frozenset({"study"})),
    Part("directive05", "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
         _("Directive 05 and commendations"), "results", frozenset({"directive05", "commendations"})),
    Part("inspections", "Công tác kiểm tra, giám sát", _("Inspections"), "results", frozenset({"inspections"})),
    Part("activities", "Các hoạt động khác", _("Other activities"), "results", frozenset({"activities"})),
    Part("carried", "Kết quả thực hiện các nhiệm vụ trọng tâm kỳ trước",
         _("What became of the last report's key tasks"), "results"),
    Part("strengths", "Ưu điểm", _("Strengths"), "assessment"),
    Part("shortcomings", "Hạn chế và nguyên nhân", _("Shortcomings and their causes"), "assessment"),
    Part("tasks", "", _("Key tasks for the next period"), "tasks"),
    Part("proposals", "", _("Proposals to the higher level"), "proposals"),
]  # fmt: skip
PART_KEYS = [part.key for part in PARTS]
TO_WRITE = "…"  # what the department still has to write, left where it goes; a check before signing finds it


@dataclass(frozen=True)
class Heading:
    part: Part
    chapter: str  # the chapter's heading, on the first part of each chapter; "" on the others
    heading: str  # the part's heading, numbered within its chapter; "" for a part that is its chapter


def outline(period: ReportingPeriod) -> list[Heading]:
    """The parts the period's reports have, with their headings as printed: the results of the areas the period
    covers (``ReportingPeriod.sections``) numbered in order, and the chapters every report has."""
    covered = set(period.sections or all_sections())
    headings, number, chapter = [], 0, None
    for part in PARTS:
        if part.sections and not part.sections & covered:
            continue
        opens = part.chapter != chapter
        number = 1 if opens else number + 1
        chapter = part.chapter
        headings.append(Heading(part, CHAPTERS[part.chapter](period) if opens else "",
                                f"{number}. {part.heading}" if part.heading else ""))  # fmt: skip
    return headings


def parts_of(narrative: dict) -> dict[str, str]:
    """The text of each part of a version's ``narrative`` (empty where none was written)."""
    parts = (narrative or {}).get("parts", {})
    return {key: parts.get(key, "") for key in PART_KEYS}


# --- Writing numbers ---------------------------------------------------------------------------------------------


def approximately(value: int) -> str:
    """A count the way reports round it: "hơn 100" for 127, "gần 200" for 180; exact below a hundred and when
    round already. Two significant digits from a thousand up ("gần 36.000" for 35.599)."""
    if value < 100:
        return number(value, document=True)
    step = 10 ** (len(str(value)) - (1 if value < 1000 else 2))
    lower = value // step * step
    if lower == value:
        return number(value, document=True)
    if value - lower <= step // 2:
        return f"hơn {number(lower, document=True)}"
    return f"gần {number(lower + step, document=True)}"


def change_phrase(current: int, before: int, *, said: bool = True) -> str:
    """ "tăng 12% so với cùng kỳ năm trước" ("tăng 12%" when the sentence already says what it is compared with);
    "" when there was nothing a year before to compare with."""
    if not before:
        return ""
    if current == before:
        return "bằng cùng kỳ năm trước" if said else "không đổi"
    change = (current - before) * 100.0 / before
    word = "tăng" if change > 0 else "giảm"
    phrase = f"{word} {number(abs(change), decimals=1, document=True)}%"
    return f"{phrase} so với cùng kỳ năm trước" if said else phrase


def rate_phrase(part: int, whole: int) -> str:
    """ "đạt 99,16%"; "" when the whole is nothing."""
    value = rate(part, whole)
    return f"đạt {number(value, decimals=2, document=True)}%" if value is not None else ""


# A cited figure: its terms (sign, section, path…), added up, and how it is written ("exact" or "about").
Term = tuple  # (1 or -1, section key, *path)


def figure_value(current: dict, terms: Sequence[Term]) -> int:
    return sum(sign * dig(current.get(section, {}), path) for sign, section, *path in terms)


def written(value: int, form: str) -> str:
    return approximately(value) if form == "about" else number(value, document=True)


def figure_label(terms: Sequence[Term]) -> str:
    """The name of the first figure a cited number is made of, as the annex names it."""
    _sign, section, *path = terms[0]
    title = next((str(each.title) for each in SECTIONS if each.key == section), section)
    label = LABELS.get(section, {}).get(path[-1]) if len(path) == 1 else None
    if label is None:  # a topic, a sentiment, a campaign's line, an activity's kind: named by what it is
        names = {**LABELS.get(section, {}), **dict(ActivityKind.choices)}
        label = " · ".join(str(names.get(step, step)) for step in path if not step.startswith("by_"))
    return f"{title}: {label}"


# --- The writer --------------------------------------------------------------------------------------------------


class Writer:
    """Writes each part of a report from its figures (``compared``'s, live or frozen), remembering what it cites."""

    def __init__(self, report: Report, snapshot: dict, *, rounded: bool = False):
        self.report, self.period, self.committee = report, report.period, report.committee
        self.now, self.before = snapshot["current"], snapshot["year_before"]
        self.rounded = rounded
        self.cited: list[dict] = []
        self.mentioned: set[int] = set()  # documents cited in full already
        self.part = ""
        self.department = self.committee.department_name or self.committee.name
        self.has_children = Committee.objects.children_of(self.committee).exists()

    # Numbers written and remembered.
    def n(self, section: str, *path, minus: Sequence = (), about: bool = False) -> str:
        terms = [(1, section, *path), *((-1, section, *each) for each in minus)]
        form = "about" if about and self.rounded else "exact"
        shown = written(figure_value(self.now, terms), form)
        self.cited.append({"part": self.part, "terms": terms, "form": form, "shown": shown})
        return shown

    def value(self, section: str, *path) -> int:
        return dig(self.now.get(section, {}), path)

    def compare(self, section: str, *path) -> str:
        phrase = change_phrase(self.value(section, *path), dig(self.before.get(section, {}), path))
        return f" ({phrase})" if phrase else ""

    def cite(self, document) -> str:
        if document.pk in self.mentioned:
            return document.short_citation
        self.mentioned.add(document.pk)
        return document.citation

    def subjects(self, own: int, total: int) -> tuple[str, str]:
        """Who did it: the department (all of it its own), the committees under it (none of it), or both."""
        if own == total or not self.has_children:
            return self.department, ""
        if not own:
            return "Các cấp ủy trực thuộc", ""
        return self.department, "các cấp ủy trực thuộc"

    # The parts.
    def write(self) -> dict[str, str]:
        """The text of each part the period's reports have (the others empty)."""
        with translation.override("vi"):
            texts = dict.fromkeys(PART_KEYS, "")
            for heading in outline(self.period):
                self.part = heading.part.key
                texts[self.part] = "\n\n".join(getattr(self, f"_{self.part}")())
            return texts

    def _opinion(self) -> list[str]:
        end = cited_date(self.period.ends_on)
        lines = []
        active = self.value("collaborators", "active")
        if active:
            sentence = (f"Đến ngày {end}, {self.committee.name} có {self.n('collaborators', 'active', about=True)} "
                        f"cộng tác viên dư luận xã hội đang hoạt động{self.compare('collaborators', 'active')} tại "
                        f"{self.n('collaborators', 'committees_with_active')} tổ chức đảng")  # fmt: skip
            changes = []
            if self.value("collaborators", "appointed"):
                changes.append(f"bổ sung {self.n('collaborators', 'appointed')} cộng tác viên")
            if self.value("collaborators", "ended"):
                changes.append(f"cho thôi {self.n('collaborators', 'ended')} cộng tác viên")
            if self.value("collaborators", "networks_established"):
                changes.append(f"{self.n('collaborators', 'networks_established')} tổ chức đảng thành lập mới "
                               f"mạng lưới cộng tác viên")  # fmt: skip
            lines.append(sentence + (f"; trong kỳ đã {', '.join(changes)}." if changes else "."))
        total, own = self.value("trainings", "trainings"), self.value("trainings", "own_trainings")
        if total:
            first, second = self.subjects(own, total)
            trained = (f"cho {self.n('trainings', 'persons', about=True)} cộng tác viên "
                       f"({self.n('trainings', 'person_times')} lượt)")  # fmt: skip
            if second:
                theirs = self.n("trainings", "trainings", minus=[("own_trainings",)])
                lines.append(f"{first} đã tổ chức {self.n('trainings', 'own_trainings')} hội nghị tập huấn "
                             f"nghiệp vụ, {second} tổ chức {theirs} hội nghị; tổng cộng đã tập huấn "
                             f"{trained}.")  # fmt: skip
            else:
                lines.append(f"{first} đã tổ chức {self.n('trainings', 'trainings')} hội nghị tập huấn nghiệp vụ "
                             f"{trained}.")  # fmt: skip
        if self.value("briefings", "due"):
            held = f"{self.n('briefings', 'held')}/{self.n('briefings', 'due')} buổi giao ban cộng tác viên định kỳ"
            own = self.value("briefings", "own_held")
            if not self.has_children:
                sentence = f"{self.department} đã tổ chức {held} theo kế hoạch"
            elif own:
                sentence = (f"{self.department} đã chủ trì {self.n('briefings', 'own_held')} buổi giao ban; toàn "
                            f"{self.committee.name} đã tổ chức {held} theo kế hoạch")  # fmt: skip
            else:
                sentence = f"Các cấp ủy trực thuộc đã tổ chức {held} theo kế hoạch"
            invited = self.value("briefings", "invited")
            if invited:
                attended = self.value("briefings", "attended")
                sentence += (f"; cộng tác viên tham dự {self.n('briefings', 'attended')}/"
                             f"{self.n('briefings', 'invited')} lượt, {rate_phrase(attended, invited)}")  # fmt: skip
            lines.append(sentence + ".")
        reports = self.value("opinion_reports", "reports")
        if reports:
            sentence = (f"Đội ngũ cộng tác viên đã gửi {self.n('opinion_reports', 'reports')} báo cáo phản ánh tình "
                        f"hình tư tưởng, dư luận xã hội{self.compare('opinion_reports', 'reports')}")  # fmt: skip
            negative = self.value("opinion_reports", "by_sentiment", "negative")
            if negative:
                sentence += (
                    f", trong đó {self.n('opinion_reports', 'by_sentiment', 'negative')} ý kiến có chiều hướng tiêu cực"
                )
            topics = sorted(((count, name) for name, count in self.now["opinion_reports"]["by_topic"] if count),
                            key=lambda pair: (-pair[0], pair[1]))[:3]  # fmt: skip
            if topics:
                listed = ", ".join(f"{name} ({self.n('opinion_reports', 'by_topic', name)})" for _count, name in topics)
                sentence += f". Các vấn đề được quan tâm nhiều nhất: {listed}"
            lines.append(sentence + ".")
        if self.value("hot_spots", "opened") or self.value("hot_spots", "open_at_end"):
            lines.append(f"Phát sinh {self.n('hot_spots', 'opened')} điểm nóng, đã giải quyết "
                         f"{self.n('hot_spots', 'resolved')}; đến cuối kỳ còn {self.n('hot_spots', 'open_at_end')} "
                         f"điểm nóng đang được theo dõi, xử lý.")  # fmt: skip
        return lines or ["Trong kỳ chưa có số liệu về công tác dư luận xã hội."]

    def _concerns(self) -> list[str]:
        lines = []
        if (
            self.value("concerns", "received")
            or self.value("concerns", "resolved")
            or self.value("concerns", "overdue")
        ):
            resolved = self.value("concerns", "resolved")
            sentence = (f"Tiếp nhận {self.n('concerns', 'received')} kiến nghị, tâm tư, nguyện vọng của cán bộ, "
                        f"đảng viên, người lao động{self.compare('concerns', 'received')}; đã giải quyết dứt điểm "
                        f"{self.n('concerns', 'resolved')} kiến nghị")  # fmt: skip
            if resolved:
                sentence += (f", trong đó {self.n('concerns', 'resolved_in_time')} kiến nghị giải quyết đúng hạn, "
                             f"{rate_phrase(self.value('concerns', 'resolved_in_time'), resolved)}")  # fmt: skip
            if self.value("concerns", "overdue"):
                sentence += f"; đến cuối kỳ còn {self.n('concerns', 'overdue')} kiến nghị quá hạn giải quyết"
            lines.append(sentence + ".")
        if self.value("dialogues", "sessions"):
            lines.append(f"Tổ chức {self.n('dialogues', 'sessions')} buổi đối thoại với "
                         f"{self.n('dialogues', 'participants', about=True)} lượt cán bộ, đảng viên, người lao động "
                         f"tham dự.")  # fmt: skip
        return lines or ["Trong kỳ không phát sinh kiến nghị, đối thoại."]

    def _study(self) -> list[str]:
        study = self.now.get("study", {})
        lines = []
        shown = [line for line in study.get("by_campaign", []) if line.get("expected") or line.get("studied")]
        campaigns = Campaign.objects.filter(pk__in=[line["campaign"] for line in shown]).prefetch_related("documents")
        campaigns = {campaign.pk: campaign for campaign in campaigns}
        for line in shown:
            campaign = campaigns.get(line["campaign"])
            documents = list(campaign.documents.order_by("issued_on", "pk")) if campaign else []
            basis = f"Thực hiện {'; '.join(self.cite(document) for document in documents)}, " if documents else ""
            title = line["title"]
            studied = (f"{self.n('study', 'by_campaign', title, 'studied')}/"
                       f"{self.n('study', 'by_campaign', title, 'expected')} đảng viên")  # fmt: skip
            reached = rate_phrase(line["studied"], line["expected"])
            lines.append(f"{basis}các cấp ủy đã tổ chức {title[:1].lower()}{title[1:]}: {studied} tham gia học tập"
                         f"{', ' + reached if reached else ''}.")  # fmt: skip
        due = self.value("study", "steps_due")
        if due:
            done = sum(self.value("study", name) for name in ("on_time", "late", "attended_above"))
            lines.append(f"Các tổ chức đảng đã thực hiện {self.n('study', 'on_time')} bước triển khai đúng hạn, "
                         f"{self.n('study', 'late')} bước chậm so với kế hoạch trong tổng số "
                         f"{self.n('study', 'steps_due')} bước đến hạn trong kỳ ({rate_phrase(done, due)} "
                         f"về tiến độ hoàn thành).")  # fmt: skip
        if self.value("study", "reflections") or self.value("study", "articles"):
            lines.append(f"Cán bộ, đảng viên đã viết {self.n('study', 'reflections', about=True)} bài thu hoạch; "
                         f"các cấp đưa {self.n('study', 'articles')} tin, bài tuyên truyền về việc học tập, quán "
                         f"triệt.")  # fmt: skip
        if self.value("study", "documents_issued"):
            lines.append(f"Các cấp đã ban hành {self.n('study', 'documents_issued')} văn bản lãnh đạo, chỉ đạo, "
                         f"hướng dẫn.")  # fmt: skip
        return lines or ["Trong kỳ không có đợt học tập, quán triệt nghị quyết đến hạn."]

    def _directive05(self) -> list[str]:
        lines = []
        if self.value("directive05", "recorded"):
            sentence = (f"{self.n('directive05', 'recorded')} tổ chức đảng đã xác định chuyên đề năm, "
                        f"{self.n('directive05', 'plans')} tổ chức đảng ban hành kế hoạch thực hiện")  # fmt: skip
            expected = self.value("directive05", "members_expected")
            if expected:
                sentence += (f"; {self.n('directive05', 'members_with_plan')}/"
                             f"{self.n('directive05', 'members_expected')} đảng viên xây dựng kế hoạch làm theo, "
                             f"{rate_phrase(self.value('directive05', 'members_with_plan'), expected)}")  # fmt: skip
            if self.value("directive05", "models"):
                sentence += f"; xây dựng {self.n('directive05', 'models')} mô hình, điển hình"
            lines.append(sentence + ".")
        if self.value("directive05", "criteria_revised"):
            lines.append(f"{self.n('directive05', 'criteria_revised')} tổ chức đảng đã sửa đổi, bổ sung các tiêu chí "
                         f"chuẩn mực đạo đức cho phù hợp với tình hình mới.")  # fmt: skip
        honoured = self.value("commendations", "organisations") + self.value("commendations", "members")
        if honoured:
            lines.append(f"Tuyên dương, khen thưởng {self.n('commendations', 'organisations')} tổ chức đảng và "
                         f"{self.n('commendations', 'members')} đảng viên tiêu biểu.")  # fmt: skip
        return lines or ["Trong kỳ chưa có số liệu về thực hiện Chỉ thị 05."]

    def _inspections(self) -> list[str]:
        if not (self.value("inspections", "planned") or self.value("inspections", "done")):
            return ["Trong kỳ không có cuộc kiểm tra, giám sát theo kế hoạch."]
        return [f"Tiến hành {self.n('inspections', 'done')} cuộc kiểm tra, giám sát (kế hoạch "
                f"{self.n('inspections', 'planned')} cuộc), {self.n('inspections', 'concluded')} cuộc đã có "
                f"thông báo kết luận; {self.n('inspections', 'followed_up')} yêu cầu sau kiểm tra đã được "
                f"thực hiện."]  # fmt: skip

    def _activities(self) -> list[str]:
        lines = []
        for kind, label in ActivityKind.choices:
            if not self.value("activities", kind, "activities"):
                continue
            sentence = f"{label}: {self.n('activities', kind, 'activities')} hoạt động"
            if self.value("activities", kind, "participants"):
                sentence += (f" với {self.n('activities', kind, 'participants', about=True)} người tham dự "
                             f"({self.n('activities', kind, 'person_times')} lượt)")  # fmt: skip
            if self.value("activities", kind, "items"):
                sentence += f", {self.n('activities', kind, 'items')} tin, bài"
            lines.append(f"- {sentence}.")
        return lines or ["Trong kỳ không có hoạt động khác được ghi nhận."]

    def _carried(self) -> list[str]:
        tasks = previous_tasks(self.report)
        if not tasks:
            return ["Đây là kỳ báo cáo đầu tiên trên hệ thống: không có nhiệm vụ kỳ trước được chuyển sang."]
        return [f"- {task.rstrip('.;')}: {TO_WRITE}" for task in tasks]

    def _strengths(self) -> list[str]:
        lines = ["Các cấp ủy đã quan tâm lãnh đạo, chỉ đạo công tác tuyên giáo; công tác nắm bắt tình hình tư tưởng, "
                 "dư luận xã hội được thực hiện thường xuyên."]  # fmt: skip
        rising = []
        for section, name, words in (("opinion_reports", "reports", "số báo cáo dư luận xã hội"),
                                     ("trainings", "person_times", "số lượt cộng tác viên được tập huấn"),
                                     ("concerns", "resolved", "số kiến nghị được giải quyết"),
                                     ("dialogues", "sessions", "số buổi đối thoại")):  # fmt: skip
            before = dig(self.before.get(section, {}), (name,))
            if before and self.value(section, name) > before:
                rising.append(f"{words} {change_phrase(self.value(section, name), before, said=False)}")
        if rising:
            lines.append(f"So với cùng kỳ năm trước, {'; '.join(rising)}.")
        return lines

    def _shortcomings(self) -> list[str]:
        found = []
        if self.value("concerns", "overdue"):
            found.append(f"còn {self.n('concerns', 'overdue')} kiến nghị quá hạn giải quyết")
        if self.value("hot_spots", "open_at_end"):
            found.append(f"còn {self.n('hot_spots', 'open_at_end')} điểm nóng chưa được giải quyết dứt điểm")
        if self.value("briefings", "held") < self.value("briefings", "due"):
            missed = self.n("briefings", "due", minus=[("held",)])
            found.append(f"{missed} buổi giao ban định kỳ chưa được tổ chức theo kế hoạch")
        if self.value("study", "late"):
            found.append(f"{self.n('study', 'late')} bước triển khai học tập nghị quyết chậm so với kế hoạch")
        lines = [f"Bên cạnh kết quả đạt được, {'; '.join(found)}."] if found else []
        lines.append(f"Nguyên nhân: {TO_WRITE}")
        return lines

    def _tasks(self) -> list[str]:
        return [
            "- Tiếp tục nắm bắt tình hình tư tưởng, dư luận xã hội trong cán bộ, đảng viên, người lao động, nhất là "
            "những điểm nóng ở cơ sở; tham mưu cho cấp ủy giải quyết kịp thời kiến nghị, tâm tư, nguyện vọng chính "
            "đáng.",
            "- Củng cố, kiện toàn đội ngũ cộng tác viên dư luận xã hội; duy trì giao ban định kỳ hằng tháng.",
            "- Tổ chức nghiên cứu, học tập, quán triệt và triển khai thực hiện các nghị quyết, chỉ thị, kết luận của "
            "Đảng; đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        ]

    def _proposals(self) -> list[str]:
        return [TO_WRITE]


def previous_tasks(report: Report) -> list[str]:
    """The key tasks the committee's last report set (the most recent report of an earlier period), line by line."""
    earlier = (
        Report.objects.filter(committee=report.committee, period__ends_on__lt=report.period.starts_on)
        .order_by("-period__ends_on")
        .first()
    )
    if earlier is None or earlier.current is None:
        return []
    text = parts_of(earlier.current.narrative)["tasks"]
    return [line.lstrip("-–• ").strip() for line in text.splitlines() if line.strip().lstrip("-–• ").strip()]


def compose(report: Report, snapshot: dict, *, rounded: bool = False) -> dict:
    """A version's narrative written from ``snapshot``: the text of each part and the figures its numbers cite."""
    writer = Writer(report, snapshot, rounded=rounded)
    return {"parts": writer.write(), "cited": writer.cited, "rounded": rounded}


# --- Checking the text against the figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    part: str
    label: str  # the figure, as the annex names it
    figure: str  # what it is now, written as the text wrote it
    written: str  # what the text wrote when it was composed

    @property
    def title(self) -> str:
        return str(next(part.title for part in PARTS if part.key == self.part))


def _says(text: str, shown: str) -> bool:
    """Does ``text`` write ``shown`` as a number of its own (not "12" inside "120" or "1.12")?"""
    return re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d]|[.,]\d)", text) is not None


def mismatches(narrative: dict, current: dict) -> list[Mismatch]:
    """The numbers the text was written with that it no longer says as the figures (``current``) have them: edited
    away or changed by hand, or the records changed since it was written."""
    texts = parts_of(narrative)
    found, seen = [], set()
    for cited in (narrative or {}).get("cited", []):
        figure = written(figure_value(current, cited["terms"]), cited["form"])
        key = (cited["part"], figure, cited["shown"])
        if key in seen or cited["part"] not in texts or _says(texts[cited["part"]], figure):
            continue
        seen.add(key)
        found.append(Mismatch(cited["part"], figure_label(cited["terms"]), figure, cited["shown"]))
    return found
