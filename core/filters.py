"""The one way a list is filtered: a django-filter ``FilterSet`` of the reader's records, built by the area's selector,
shown as one filter bar (``templates/includes/filter_bar.html``) and read by one list view (``core.lists``)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import DateField, MonthField


class ListFilterSet(django_filters.FilterSet):
    """A list's filters over ``queryset`` (already the reader's scope). A filter that cannot be understood (a month
    that does not exist, a committee outside the scope) lists nothing and the bar says why: it never silently shows
    more than was asked for. Fields that pick a committee are given the reader's scope. ``hidden`` fields travel with
    the form without being shown (an order the column headers chose)."""

    hidden: tuple[str, ...] = ()
    form_id = "list-filters"

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        self.user = user
        super().__init__(data, queryset=queryset, **kwargs)

    @property
    def qs(self):
        if self.is_bound and not self.form.is_valid():
            return self.queryset.none()
        return super().qs

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "form_id"):
            self.prepare(form)
        return form

    def prepare(self, form) -> None:
        """The bar's look (``templates/includes/filter_bar.html``) and the reader's scope for committee pickers."""
        form.form_id = self.form_id
        for name, field in form.fields.items():
            if hasattr(field, "for_user"):  # a committee picker: the reader's own scope to choose from
                field.for_user(self.user, change=False)
            if name in self.hidden:
                field.widget = forms.HiddenInput()
        style_fields(form)


def style_fields(form) -> None:
    """Bootstrap's look for each field of a filter bar: boxes, selects and check boxes."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(field.widget, forms.Select):
            field.widget.attrs.setdefault("class", "form-select")
        else:
            field.widget.attrs.setdefault("class", "form-control")


class FilterBarForm(forms.Form):
    """A plain form drawn as the filter bar (a page that asks a question rather than filtering a list: the
    summary, the rates, *who has reported* by committee)."""

    form_id = "filters"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class SearchFilter(django_filters.CharFilter):
    """Words found in the records' normalised text, with or without accents ("dang vien" finds "Đảng viên")."""

    def __init__(self, *args, placeholder=None, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)
        self.extra["widget"] = forms.TextInput(
            attrs={"type": "search", "placeholder": placeholder or _("Search, with or without accents")}
        )

    def filter(self, qs, value):
        return qs.search(value) if value and value.strip() else qs


class DateFilter(django_filters.DateFilter):
    """A day typed as 05/02/2026, within the dates a party record can have."""

    field_class = DateField


class MonthFilter(django_filters.DateFilter):
    """A calendar month ("2026-11"), as the browser's month picker sends it, within plausible years."""

    field_class = MonthField
