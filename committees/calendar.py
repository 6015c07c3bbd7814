"""Working days: Monday to Friday, less the public holidays in the Holiday table (lunar Tết included)."""

from datetime import date, timedelta

import holidays as holiday_calendars

from committees.models import Holiday


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


def seed_holidays(years: range) -> int:
    """Add Vietnam's public holidays for ``years`` from the holidays package; days entered by hand are kept."""
    calendar = holiday_calendars.country_holidays("VN", years=list(years), language="vi")
    existing = set(Holiday.objects.filter(date__year__in=list(years)).values_list("date", flat=True))
    new = [Holiday(date=day, name=name) for day, name in sorted(calendar.items()) if day not in existing]
    Holiday.objects.bulk_create(new)
    return len(new)
