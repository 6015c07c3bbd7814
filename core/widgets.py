"""Widgets for dates and times typed the department's way."""

from django import forms


class DayMonthYearInput(forms.DateInput):
    """A date typed and shown the department's way: 05/02/2026."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class HourMinuteInput(forms.TimeInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "hh:mm", "inputmode": "numeric", **(attrs or {})}, format="%H:%M")
