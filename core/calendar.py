"""Working days: Monday to Friday, less the public holidays in the Holiday table (lunar Tết included)."""

from datetime import date, timedelta

import holidays as holiday_calendars

from core.models import Holiday


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The first day of the month ``count`` months after (or, negative, before) ``month``."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_days(day: date) -> tuple[date, date]:
    """The first and the last day of the month ``day`` falls in."""
    first = month_start(day)
    return first, add_months(first, 1) - timedelta(days=1)


def previous_month(day: date) -> date:
    return add_months(month_start(day), -1)


def days_off(start: date, end: date) -> set[date]:
    return set(Holiday.objects.filter(date__range=(start, end), is_day_off=True).values_list("date", flat=True))


def is_working_day(day: date, off: set[date] | None = None) -> bool:
    off = days_off(day, day) if off is None else off
    return day.weekday() < 5 and day not in off


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    off = days_off(day, day + timedelta(days=30))
    while not is_working_day(day, off):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """The date ``count`` working days after ``start`` (a deadline of 30 working days from receipt)."""
    # Generous window: 30 working days never span more than about 60 calendar days, even across Tết.
    off = days_off(start, start + timedelta(days=count * 2 + 30))
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, off):
            left -= 1
    return day


SEEDED_YEARS = range(2018, 2036)


def seed_holidays(years: range = SEEDED_YEARS, **kwargs) -> int:
    """Vietnam's public holidays, lunar Tết included, for each of ``years`` that has none yet.

    Runs after every migrate. A year the administrators have touched is left alone, so a correction (a worked
    holiday unticked, a substituted day off added) is never overwritten.
    """
    present = {day.year for day in Holiday.objects.filter(date__year__in=list(years)).dates("date", "year")}
    missing = [year for year in years if year not in present]
    if not missing:
        return 0
    calendar = holiday_calendars.country_holidays("VN", years=missing, language="vi")
    Holiday.objects.bulk_create([Holiday(date=day, name=name) for day, name in sorted(calendar.items())])
    return len(calendar)
