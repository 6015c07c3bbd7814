"""How the reporting URLs are reached for a record of the sibling committee B (see tests/test_url_access.py)."""

from datetime import date

from reports.models import Report, ReportingPeriod, ReportVersion

STEPS = ("sign", "send", "receive", "additions")


def sibling_period(tree) -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        committee=tree.b, kind="half", year=2026, starts_on=date(2025, 12, 15), ends_on=date(2026, 6, 14),
        deadline=date(2026, 6, 20), obliged_kinds=["grassroots_cell"],
    )  # fmt: skip


def sibling_report(tree) -> Report:
    report = Report.objects.create(period=sibling_period(tree), committee=tree.b1, recipient=tree.b)
    ReportVersion.objects.create(report=report, number=1)
    return report


def sibling_period_exists(tree):
    sibling_period(tree)


SAMPLES = {
    "reports:period_list": sibling_period_exists,
    "reports:period_open": sibling_period_exists,
    "reports:period_detail": lambda t: {"pk": sibling_period(t).pk},
    "reports:period_urging_letter": lambda t: {"pk": sibling_period(t).pk},
    "reports:report_detail": lambda t: {"pk": sibling_report(t).pk},
    **{
        f"reports:report_{step}": lambda t: {"pk": sibling_report(t).pk}
        for step in (*STEPS, "text", "docx", "xlsx", "compiled")
    },
}
