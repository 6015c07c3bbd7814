"""Reporting periods and reports for the admin tests."""


def _admin_period():
    from datetime import date

    from committees.models import Committee
    from reports.models import ReportingPeriod
    from tests.factories import make_committee

    root = Committee.objects.filter(depth=1).first() or make_committee(None, code="ADM", name="Đảng bộ Khối")
    return ReportingPeriod.objects.create(
        committee=root, kind="half", year=2026, starts_on=date(2025, 12, 15), ends_on=date(2026, 6, 14),
        deadline=date(2026, 6, 20), obliged_kinds=["upper_grassroots"],
    )  # fmt: skip


def _admin_report():
    from reports.models import Report, ReportEvent, ReportVersion

    period = _admin_period()
    report = Report.objects.create(period=period, committee=period.committee)
    ReportVersion.objects.create(report=report, number=1, narrative={"results": "Kết quả"})
    ReportEvent.objects.create(report=report, version=1, action="started")
    return report


ADMIN_MAKERS = {"reports.ReportingPeriod": _admin_period, "reports.Report": _admin_report}
