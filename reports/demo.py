"""Demo reporting periods and reports, written through the services as departments write them: the bloc's first half
of the source text's year (its own report signed and sent, its committees' received), last year's annual report,
this year's past period with reports in every state (received after additions, additions requested, sent late,
signed, a draft, not started), and the current period open. A few committees right under the bloc report in the
demo, whatever the scale; the others have not started (late). Deterministic.

Each reporting committee's department head and officer are staff on record (no password: they do not sign in) where
no demo account works there, so that every report is signed by its own committee's leader, as the rule has it."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from committees.demo import ROOT_CODE, DemoContext, person
from committees.models import Committee, StaffProfile, User
from committees.scoping import Role
from reports.models import PeriodKind, Report, ReportEvent, ReportingPeriod, ReportVersion
from reports.services import (
    period_open,
    report_receive,
    report_request_additions,
    report_send,
    report_sign,
    report_start,
)
from resolutions.demo.directive05 import SOURCE_YEAR

REPORTING = 5  # committees right under the bloc whose reports the demo writes
RECIPIENTS = "- Ban Tuyên giáo Đảng ủy Khối (để báo cáo);\n- Thường trực Đảng ủy (để báo cáo);\n- Lưu VT."
ADDITIONS = "Đề nghị bổ sung số liệu đảng viên học tập nghị quyết và giải trình số kiến nghị quá hạn."


def _window(kind: str, year: int) -> dict:
    """A period's days, as the bloc sets them: from 15/12 of the year before to 14/06 (the half) or 14/12 (the
    year), the reports due six days later."""
    end = date(year, 6, 14) if kind == PeriodKind.HALF else date(year, 12, 14)
    return {"kind": kind, "year": year, "starts_on": date(year - 1, 12, 15), "ends_on": end,
            "deadline": end + timedelta(days=6)}  # fmt: skip


def _periods(today: date) -> tuple[dict, dict, dict, dict]:
    """(the source text's half, last year, the past period of this year's cycle, the current one)."""
    if (today.month, today.day) <= (6, 20):
        past, current = _window(PeriodKind.YEAR, today.year - 1), _window(PeriodKind.HALF, today.year)
        last_year = _window(PeriodKind.HALF, today.year - 1)
    else:
        past, current = _window(PeriodKind.HALF, today.year), _window(PeriodKind.YEAR, today.year)
        last_year = _window(PeriodKind.YEAR, today.year - 1)
    return _window(PeriodKind.HALF, SOURCE_YEAR), last_year, past, current


def _staff(committee: Committee, role: str, position: str, rng) -> User:
    """The committee's staff member of ``role``: a demo account working there, else one on record."""
    profile = StaffProfile.objects.filter(committee=committee, role=role).select_related("user").order_by("pk").first()
    if profile:
        return profile.user
    family, given = person(rng)
    user, _ = User.objects.update_or_create(
        username=f"{role}.{committee.code.lower()}",
        defaults={"first_name": given, "last_name": family, "is_active": True,
                  "email": f"{role}.{committee.code.lower()}@tuyengiao.example"},
    )  # fmt: skip
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.set([Group.objects.get(name=role)])
    StaffProfile.objects.create(user=user, committee=committee, role=role, position=position)
    return user


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _dated(report: Report, day: date) -> None:
    """The report's latest steps dated on ``day``, as if taken then (the services date them now)."""
    version = report.versions.order_by("-number").first()
    moments = {field: _at(day) for field in ("signed_at", "sent_at", "received_at") if getattr(version, field)}
    ReportVersion.objects.filter(pk=version.pk).update(**moments)
    ReportEvent.objects.filter(report=report, version=version.number).update(at=_at(day))


def _write(report_of, committee, states: str, period: ReportingPeriod, people: dict, bloc_staff, on: date) -> None:
    """Take ``committee``'s report for ``period`` through ``states`` ("start sign send receive additions …")."""
    officer, leader = people[committee.pk]
    report = report_start(by=officer if committee.pk != period.committee_id else bloc_staff, period=period,
                          committee=committee)  # fmt: skip
    number = 0
    for state in states.split()[1:]:
        if state == "sign":
            number += 1
            report = report_sign(by=leader, report=report, document_number=f"{10 + number}-BC/{_symbol(committee)}",
                                 document_date=on, note="Đã rà soát số liệu.")  # fmt: skip
        elif state == "send":
            report = report_send(by=officer, report=report, recipients=RECIPIENTS)
        elif state == "receive":
            report = report_receive(by=bloc_staff, report=report, incoming_reference=f"{report.pk}/ĐẾN")
        elif state == "additions":
            report = report_request_additions(by=bloc_staff, report=report, comment=ADDITIONS)
        _dated(report, on)
        on += timedelta(days=1)
    report_of[committee.pk] = report


def _symbol(committee: Committee) -> str:
    return committee.department_symbol or committee.document_symbol


def seed(context: DemoContext) -> None:
    rng = context.rng("reports")
    root = Committee.objects.get(code=ROOT_CODE)
    bloc_staff = _staff(root, Role.BLOC_STAFF, "Chuyên viên Ban Tuyên giáo Đảng ủy Khối", rng)
    under = list(Committee.objects.children_of(root).filter(is_active=True).order_by("path")[:REPORTING])
    people = {root.pk: (bloc_staff, _staff(root, Role.LEADER, "Trưởng Ban Tuyên giáo Đảng ủy Khối", rng))}
    for committee in under:
        people[committee.pk] = (
            _staff(committee, Role.OFFICER, "Chuyên viên Ban Tuyên giáo", rng),
            _staff(committee, Role.LEADER, "Trưởng Ban Tuyên giáo", rng),
        )
    kinds = sorted({committee.kind for committee in under})
    source, last_year, past, current = _periods(context.today)
    opened = {}
    for window in (source, last_year, past, current):
        opened[window["kind"], window["year"]] = period_open(
            by=bloc_staff, committee=root, obliged_kinds=kinds, **window
        )
    reports = {}
    for key, window, plan in (
        (source, source, ["start sign send receive"] * len(under)),
        (last_year, last_year, ["start sign send receive"] * (len(under) - 1) + ["start sign send"]),
        (past, past, ["start sign send additions sign send receive", "start sign send additions",
                      "start sign send", "start sign", "start"]),
        (current, current, ["start", "start sign"]),
    ):  # fmt: skip
        period = opened[key["kind"], key["year"]]
        deadline = window["deadline"]
        for index, (committee, states) in enumerate(zip(under, plan, strict=False)):
            late = index == 2  # the third sends after the deadline
            on = deadline + timedelta(days=3) if late else deadline - timedelta(days=4)
            _write(reports, committee, states, period, people, bloc_staff, on)
        # The bloc's own report, to the level above the tree: sent for past periods, being compiled for this one.
        states = "start" if window is current else "start sign send"
        _write(reports, root, states, period, people, bloc_staff, deadline + timedelta(days=5))
