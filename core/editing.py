"""The one way a form page hands its data to a service: the service writes (and may refuse with a
``ValidationError``, shown on the form's fields, nothing saved), the page says so and shows the record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


class ServiceFormMixin:
    success_message = ""

    def write(self, form):
        """Call the service with the form's data; returns the record written."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            record = self.write(form)
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(record)
