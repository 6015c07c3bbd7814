"""The monthly digest: on the first working day of a month, one email to each leader, officer and bloc staff member
with last month's work in their scope — briefings held and attendance, opinion reports by topic, hot spots still
open, concerns received, resolved and overdue, and the collaborators who did not report.

Every figure is read through ``visible_to(user)``, the same rule as the pages, so the digest never names anything
outside the recipient's scope.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from committees.models import Role, StaffProfile
from committees.scoping import scope_of
from core.calendar import add_months, next_working_day, previous_month
from notifications.kinds import Email, Kind, to_users
from notifications.messages import absolute
from notifications.models import PlannedRun, Preference
from opinion.models import Briefing, Concern, HotSpot, OpinionReport, Topic
from opinion.selectors.briefings import attendance_totals
from opinion.selectors.reports import collaborators_without_report

SENT_FROM = time(7, 0)
LATE_DAYS = 7  # a digest not planned within a week of its day (the system was down) is no longer news
RECIPIENT_ROLES = (Role.BLOC_STAFF, Role.OFFICER, Role.LEADER)
LISTED = 10  # names of collaborators who did not report, in the email; the rest are counted and linked


def month_bounds(month: date) -> tuple[date, date]:
    return month, add_months(month, 1)


def send_moment(day: date) -> datetime:
    """07:00 on the first working day of ``day``'s month."""
    first = next_working_day(day.replace(day=1))
    return timezone.make_aware(datetime.combine(first, SENT_FROM))


def digest(user, month: date, today: date) -> dict:
    """The figures of ``user``'s scope for ``month``."""
    first, after = month_bounds(month)
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(after, time.min))
    # The briefings the scope organised, not those an ancestor invited it to (readable, but not its work).
    held = Briefing.objects.visible_to(user).filter(
        committee__path__startswith=scope_of(user).path,
        status=Briefing.Status.HELD,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    last = after - timedelta(days=1)
    attendance = attendance_totals(user, first, last)  # as the attendance rates page says
    period = {"start": f"{first:%d/%m/%Y}", "end": f"{last:%d/%m/%Y}"}
    reports = OpinionReport.objects.visible_to(user).in_month(month)
    topics = dict(Topic.objects.values_list("pk", "name"))
    by_topic = sorted(
        ((topics.get(pk, "—"), n) for pk, n in reports.count_by("topics").items() if pk is not None),
        key=lambda row: -row[1],
    )
    concerns = Concern.objects.visible_to(user)
    silent = collaborators_without_report(user, month)
    return {
        "month": month,
        "briefings_held": held.count(),
        "attendance": attendance,
        "reports": reports.count(),
        "reports_by_topic": by_topic,
        "hot_spots_open": HotSpot.objects.visible_to(user)
        .filter(status__in=[HotSpot.Status.OPEN, HotSpot.Status.MONITORING])
        .count(),
        "concerns_received": concerns.received_between(first, last).count(),
        "concerns_resolved": concerns.resolved_between(first, last).count(),
        "concerns_overdue": concerns.overdue(today).count(),
        "silent_count": silent.count(),
        "silent": list(silent.select_related("committee")[:LISTED]),
        "summary_url": absolute(f"{reverse('opinion:report_summary')}?month={month:%Y-%m}"),
        "status_url": absolute(f"{reverse('opinion:report_status')}?month={month:%Y-%m}&state=missing"),
        "overdue_url": absolute(reverse("opinion:concern_overdue")),
        "rates_url": absolute(f"{reverse('opinion:briefing_attendance_rates')}?{urlencode(period)}"),
    }


class MonthlyDigest(Kind):
    name = "monthly_digest"
    preference = "monthly_digest"

    def plan(self, now):
        local = timezone.localtime(now)
        moment = send_moment(local.date())
        if not moment <= local < moment + timedelta(days=LATE_DAYS):
            return []
        occurrence = f"{previous_month(local.date()):%Y-%m}"
        # Planned once per month: later ticks of the month skip the query over every staff member.
        run, created = PlannedRun.objects.get_or_create(kind=self.name, occurrence=occurrence)
        if not created:
            return []
        opted_out = Preference.objects.filter(user=OuterRef("user"), monthly_digest=False)
        profiles = (
            StaffProfile.objects.filter(role__in=RECIPIENT_ROLES, user__is_active=True, committee__is_active=True)
            .exclude(user__email="")
            .exclude(Exists(opted_out))
            .select_related("user")
        )
        rows = to_users((profile.user, profile.committee_id, occurrence) for profile in profiles.iterator())
        run.deliveries = len(rows)
        run.save(update_fields=["deliveries"])
        return rows

    def emails(self, deliveries, now):
        user_ids = {d.user_id for d in deliveries}
        opted_out = set(
            Preference.objects.filter(user_id__in=user_ids, monthly_digest=False).values_list("user_id", flat=True)
        )
        # Still staff of an active committee when it is sent: someone made a collaborator, or whose committee was
        # closed down (no scope left: a digest of zeros), since the planning gets none.
        still_staff = StaffProfile.objects.filter(
            user_id__in=user_ids, role__in=RECIPIENT_ROLES, committee__is_active=True
        )
        staff = set(still_staff.values_list("user_id", flat=True))
        today = timezone.localdate(now)
        emails = {}
        for delivery in deliveries:
            user = delivery.user
            if user is None or not user.is_active or user.pk in opted_out or user.pk not in staff:
                emails[delivery.pk] = None
                continue
            month = date.fromisoformat(f"{delivery.occurrence}-01")
            emails[delivery.pk] = Email(template="monthly_digest", context=digest(user, month, today))
        return emails
