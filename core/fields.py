"""Form fields for values typed the department's way."""

from django import forms
from django.core.exceptions import ValidationError

from core.inputs import whole_number
from core.validators import plausible_date
from core.widgets import DayMonthYearInput


class DateField(forms.DateField):
    """A date typed as 05/02/2026, refused outside what a party record can hold (``core.validators``)."""

    widget = DayMonthYearInput
    default_validators = [plausible_date]


class MonthField(forms.DateField):
    """A calendar month as the browser's month picker sends it ("2026-11"), within the same years."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    default_validators = [plausible_date]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m"])
        super().__init__(*args, **kwargs)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by id, where an id that is not a whole number the database can hold is refused as any
    other wrong choice (Django looks such ids up with ``IN``, which fails on a number out of the key's range)."""

    def _check_values(self, value):
        for pk in value:
            if whole_number(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
