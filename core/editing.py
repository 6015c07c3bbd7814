"""The one way a form page hands its data to a service: the service writes (and may refuse with a
``ValidationError``, shown on the form's fields, nothing saved), the page says so and shows the record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def show_refusal(form, refused: ValidationError, rename=None) -> None:
    """A service's refusal shown on the form: on the field it names (``rename`` maps a service's names to the
    form's), or above the form when it names none or one the form does not have."""
    if not hasattr(refused, "error_dict"):
        form.add_error(None, refused)
        return
    rename = rename or {}
    for field, errors in refused.error_dict.items():  # each a ValidationError: its code kept for the form
        field = rename.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


class ServiceFormMixin:
    success_message = ""

    def write(self, form):
        """Call the service with the form's data; returns the record written."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            record = self.write(form)
        except ValidationError as refused:
            show_refusal(form, refused)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(record)
