"""One way to choose a committee in every form: typed by its code or part of its name, within the user's scope.

A bloc staff member's scope holds 60,000 committees, so a committee is never chosen from a list of them all: the
field is a text input (``CommitteePickerInput``) that accepts a code ("DB001"), the label a suggestion fills in
("DB001 — Đảng bộ Văn phòng Trung ương Đảng"), or any text that names exactly one committee, accents and case
ignored. What it accepts is its queryset, set from the user by ``for_user``: a committee outside the scope is
"not found" exactly like one that does not exist. Without JavaScript the typed text is checked on submit; with it,
suggestions come from ``committees:suggest`` as the user types.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from committees.widgets import CommitteePickerInput
from core.search import normalize

SEPARATOR = " — "
EXAMPLES = 5  # committees named in the message when the text names several
MIN_NAME = 3  # the shortest text looked for in names
MAX_TEXT = 400  # longer than any "code — name" label: such text names no committee and is not looked for


def committee_label(committee: Committee) -> str:
    """How a committee is shown in the picker, and what picking a suggestion fills in: "code — name"."""
    return f"{committee.code}{SEPARATOR}{committee.name}"


class CommitteeField(forms.ModelChoiceField):
    """A committee of the user's scope. Call ``for_user`` in the form's ``__init__``: until then nothing is accepted.

    ``cells=False`` leaves party cells out (concerns and dialogues belong to committees); ``inactive=True`` accepts
    inactive committees too (a list filter may look back at one). ``current`` is accepted whatever it is, so that a
    record whose committee was deactivated since can still be saved unchanged.
    """

    widget = CommitteePickerInput
    default_error_messages = {
        "invalid_choice": _(
            "No committee of yours matches “%(value)s”. Type its code or part of its name and choose it from "
            "the suggestions."
        ),
        "ambiguous": _("Several committees match “%(value)s”, e.g. %(examples)s. Type the code of the one you mean."),
    }

    def __init__(self, *, cells: bool = True, inactive: bool = False, **kwargs):
        kwargs.setdefault("queryset", Committee.objects.none())
        kwargs.setdefault("help_text", _("Type its code or part of its name, with or without accents."))
        super().__init__(**kwargs)
        self.cells, self.inactive = cells, inactive
        self.widget.suggest_params = {
            **({"cells": "0"} if not cells else {}),
            **({"inactive": "1"} if inactive else {}),
        }

    def for_user(self, user, *, change: bool = True, current: Committee | None = None) -> "CommitteeField":
        """Accept the committees ``user`` may act for (``change``) or only read, narrowed as the field says."""
        scope = Committee.objects.changeable_by(user) if change else Committee.objects.visible_to(user)
        committees = scope
        if not self.inactive:
            committees = committees.filter(is_active=True)
        if not self.cells:
            committees = committees.exclude(kind__in=Committee.CELLS)
        if current is not None:
            committees = committees | scope.filter(pk=current.pk)
        self.queryset = committees
        return self

    def label_from_instance(self, committee):
        return committee_label(committee)

    def prepare_value(self, value):
        if isinstance(value, Committee):
            return committee_label(value)
        if isinstance(value, int):  # a primary key: a model form's initial value, or a view's
            committee = self.queryset.filter(pk=value).only("code", "name").first()
            return committee_label(committee) if committee else ""
        return value  # what the user typed, kept as it was

    def to_python(self, value):
        if isinstance(value, Committee):
            value = value.code
        text = " ".join(str(value or "").split())
        if not text:
            return None
        if len(text) > MAX_TEXT:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:60] + "…"}
            )
        code, separator, name = (part.strip() for part in text.partition(SEPARATOR.strip()))
        committee = self._by_code(code)
        if committee is not None:
            return committee
        name = name if separator else text
        # A letter or two is in nearly every name: text that short is taken as a code only.
        matches = list(self.queryset.search(name)[: EXAMPLES + 1]) if len(normalize(name)) >= MIN_NAME else []
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
            )
        # Several committees hold the text: the one named exactly by it, if only one is, else the user chooses.
        named = [c for c in matches if normalize(c.name) == normalize(name)]
        if len(named) == 1:
            return named[0]
        raise forms.ValidationError(
            self.error_messages["ambiguous"],
            code="ambiguous",
            params={"value": text, "examples": "; ".join(committee_label(c) for c in matches[:EXAMPLES])},
        )

    def _by_code(self, code: str) -> Committee | None:
        # Codes are kept as given, upper case in practice: an exact or upper-cased match uses the unique index.
        if not code:
            return None
        return self.queryset.filter(code__in={code, code.upper()}).first()

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_pk = initial.pk if isinstance(initial, Committee) else initial
        try:
            chosen = self.to_python(data)
        except forms.ValidationError:
            return True
        return str(chosen.pk if chosen else "") != str(initial_pk if initial_pk is not None else "")
