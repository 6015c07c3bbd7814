"""Import and export of collaborators (CSV and XLSX), through django-import-export.

Export: the filtered list, one row per collaborator, with headers in the user's language, read as plain rows rather
than through the library's per-cell machinery (a whole network is 50,000 rows). Import: the same file back
(or a new one). A row without an id appoints a new collaborator, a row with an id updates that collaborator. Rows may
only name committees and collaborators of the importer's scope: anything else is "not found", whether it exists or
not. The status is not imported: it changes only through a recorded status change.
"""

from collections.abc import Callable, Iterator
from datetime import date

import tablib
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from committees.models import Committee
from committees.resources import LocalDateWidget, TextWidget, WholeNumberWidget
from core.imports import repeated
from core.search import normalize
from core.spreadsheets import escape_formula
from opinion.models import Collaborator
from opinion.selectors import collaborators as selectors
from opinion.services import collaborators as services

MAX_ROWS = 5000
IMPORTED = (
    "committee", "full_name", "birth_year", "gender", "position", "unit", "phone", "email",
    "decision_number", "decision_date", "decision_signer",
)  # fmt: skip
# Column key -> header shown in exports (and accepted on import, in either language).
LABELS = {
    "id": gettext_lazy("ID"),
    "committee_code": gettext_lazy("Committee code"),
    "committee_name": gettext_lazy("Committee"),
    "full_name": gettext_lazy("Full name"),
    "birth_year": gettext_lazy("Year of birth"),
    "gender": gettext_lazy("Gender"),
    "position": gettext_lazy("Position"),
    "unit": gettext_lazy("Unit"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("Email"),
    "decision_number": gettext_lazy("Appointment decision number"),
    "decision_date": gettext_lazy("Appointment decision date"),
    "decision_signer": gettext_lazy("Signed by"),
    "status": gettext_lazy("Status"),
    "status_since": gettext_lazy("Status since"),
    "trained": gettext_lazy("Trained"),
    "attended_last_briefing": gettext_lazy("Attended the last briefing"),
    "account": gettext_lazy("Login account"),
}
REQUIRED_COLUMNS = ("committee_code", "full_name")
# Which column an error of a model field belongs to.
COLUMN_OF = {"committee": "committee_code"}


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _identity(row: dict) -> tuple | None:
    """Who a row of the file is: its id, or for a new collaborator the name, birth year and committee."""
    text = TextWidget().clean
    if text(row.get("id")):
        return ("id", text(row.get("id")))
    name = normalize(text(row.get("full_name")))
    return ("new", name, text(row.get("birth_year")), text(row.get("committee_code"))) if name else None


class DayMonthYearWidget(LocalDateWidget):
    """Reads 05/02/2026 or 2026-02-05; writes 05/02/2026 (a real date in XLSX)."""

    def __init__(self):
        super().__init__(format="%d/%m/%Y")


class GenderWidget(widgets.Widget):
    """ "male"/"female", their labels in either language, or "nam"/"nữ"; empty stays empty."""

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return ""
        key = normalize(str(value))
        if key not in self.aliases():
            raise ValueError(_("Write “%(male)s” or “%(female)s”, or leave it empty.") % self.labels())
        return self.aliases()[key]

    def render(self, value, obj=None, **kwargs):
        return str(Collaborator.Gender(value).label) if value else ""

    @staticmethod
    def labels():
        return {"male": Collaborator.Gender.MALE.label, "female": Collaborator.Gender.FEMALE.label}

    @staticmethod
    def aliases() -> dict[str, str]:
        aliases = {"m": "male", "f": "female", "nam": "male", "nu": "female"}
        for language in ("en", "vi"):
            with translation.override(language):
                for value, label in Collaborator.Gender.choices:
                    aliases[value] = value
                    aliases[normalize(str(label))] = value
        return aliases


class ScopedCommitteeWidget(widgets.ForeignKeyWidget):
    """A committee code, looked up among the committees the importer may write to (loaded once per file)."""

    def __init__(self):
        super().__init__(Committee, field="code")
        self.by_code: dict[str, Committee] = {}

    def load(self, queryset, codes: set[str]) -> None:
        upper = {c.upper() for c in codes}
        found = queryset.filter(Q(code__in=codes) | Q(code__in=upper))
        self.by_code = {c.code.upper(): c for c in found}

    def clean(self, value, row=None, **kwargs):
        code = TextWidget().clean(value)
        if not code:
            raise ValueError(_("Enter the committee code."))
        committee = self.by_code.get(code.upper())
        if committee is None:
            raise ValueError(_("Committee code %(code)s not found.") % {"code": code})
        return committee

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


def _field(key, attribute=None, widget=None, readonly=False):
    return fields.Field(
        attribute=attribute, column_name=key, widget=widget or TextWidget(), readonly=readonly, saves_null_values=True
    )


class CollaboratorResource(resources.ModelResource):
    id = _field("id", "id", widgets.IntegerWidget())
    committee_code = _field("committee_code", "committee", ScopedCommitteeWidget())
    committee_name = _field("committee_name", readonly=True)
    full_name = _field("full_name", "full_name")
    birth_year = _field("birth_year", "birth_year", WholeNumberWidget())
    gender = _field("gender", "gender", GenderWidget())
    position = _field("position", "position")
    unit = _field("unit", "unit")
    phone = _field("phone", "phone")
    email = _field("email", "email")
    decision_number = _field("decision_number", "decision_number")
    decision_date = _field("decision_date", "decision_date", DayMonthYearWidget())
    decision_signer = _field("decision_signer", "decision_signer")
    status = _field("status", readonly=True)
    status_since = _field("status_since", readonly=True)
    trained = _field("trained", readonly=True)
    attended_last_briefing = _field("attended_last_briefing", readonly=True)
    account = _field("account", readonly=True)

    class Meta:
        model = Collaborator
        fields = list(LABELS)
        export_order = list(LABELS)
        import_id_fields = ["id"]
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    # --- import ---------------------------------------------------------------------------------------------------

    def get_queryset(self):
        """The collaborators a row's id may name: those the importer may change."""
        return Collaborator.objects.changeable_by(self.user).select_related("committee")

    @staticmethod
    def prepare(dataset: tablib.Dataset) -> tuple[tablib.Dataset, list[int], list[str]]:
        """Headers as column keys (a header may be a key or a label in either language), blank rows left out.

        Returns the dataset to import, the file line of each of its rows, and the required columns missing.
        """
        aliases = {}
        for key, label in LABELS.items():
            aliases[normalize(key)] = aliases[normalize(key.replace("_", " "))] = key
            for language in ("en", "vi"):
                with translation.override(language):
                    aliases[normalize(str(label))] = key
        headers = [aliases.get(normalize(str(h or "")), str(h or "")) for h in dataset.headers or []]
        prepared = tablib.Dataset(headers=headers)
        lines = []
        for line, row in enumerate(dataset, start=2):
            if not all(_is_blank(v) for v in row):
                prepared.append(row)
                lines.append(line)
        if "id" not in headers:
            prepared.append_col([""] * len(prepared), header="id")
        missing = [key for key in REQUIRED_COLUMNS if key not in headers]
        return prepared, lines, missing

    def before_import(self, dataset, lines=None, **kwargs):
        # Where each row stands in the file (blank rows were left out), for the messages that point at another row.
        self._lines = lines or list(range(2, len(dataset) + 2))
        self._repeats = repeated(_identity(row) for row in dataset.dict)
        codes = {TextWidget().clean(v) for v in dataset["committee_code"]} - {""} if len(dataset) else set()
        # Any committee of the scope, active or not: a row keeping a collaborator at a committee since wound up is
        # fine; the services refuse to move anyone *to* an inactive one.
        self.fields["committee_code"].widget.load(Committee.objects.changeable_by(self.user), codes)

    def before_import_row(self, row, row_number=None, **kwargs):
        if row_number is not None and row_number - 1 in self._repeats:
            line = self._lines[self._repeats[row_number - 1]]
            raise ValidationError(
                {
                    "full_name": _(
                        "Line %(line)s of the file already holds this collaborator (the same id, or the same name, "
                        "birth year and committee): keep one of the two rows."
                    )
                    % {"line": line}
                }
            )
        raw = row.get("id")
        if _is_blank(raw):
            row["id"] = ""
            return
        try:
            number = float(str(raw).strip())
        except ValueError:
            number = None
        if number is None or not number.is_integer() or number <= 0:
            raise ValidationError({"id": forms.IntegerField.default_error_messages["invalid"]})
        row["id"] = str(int(number))

    def after_init_instance(self, instance, new, row, **kwargs):
        if new and row.get("id"):
            raise ValidationError({"id": _("Collaborator %(id)s not found.") % {"id": row["id"]}})
        instance._committee_before = instance.committee_id

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            services.collaborator_validate(
                instance, exclude=list(errors), committee_changed=instance.committee_id != instance._committee_before
            )
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        values = {name: getattr(instance, name) for name in IMPORTED}
        if is_create:
            instance.pk = services.collaborator_create(by=self.user, **values).pk
        else:
            services.collaborator_update(collaborator=instance, by=self.user, **values)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        # All or nothing: a row that fails validation rolls back the whole file, as a row that errors already does.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run, raise_errors, True, **kwargs)

    # --- export ---------------------------------------------------------------------------------------------------

    def export_table(self, collaborators: QuerySet, *, native: bool = False) -> tuple[list[str], Iterator[list]]:
        """The headers, in the active language, and the rows of ``collaborators`` in the resource's columns.

        Made for a whole network (50,000 rows): the rows are read as tuples (``values_list``) a few thousand at a
        time, "trained" as a set of ids, so two queries whatever the number of rows and no model instance.
        The words are translated here, at once: the rows may be written after the view has returned (streamed).

        ``native``: numbers and dates as such (for XLSX); else as text, as in the CSV (dates dd/mm/yyyy).
        """
        fields = self.get_export_fields()
        keys = [field.column_name for field in fields]
        headers = [str(LABELS[key]) for key in keys]
        lookups = [EXPORT_LOOKUPS.get(key, key) for key in keys]
        words = {
            "yes": _("yes"),
            "no": _("no"),
            "status": {value: str(label) for value, label in Collaborator.Status.choices},
            "gender": {"": "", **{value: str(label) for value, label in Collaborator.Gender.choices}},
        }

        def rows() -> Iterator[list]:
            cells = self._export_cells(words, native=native, trained=selectors.trained_ids(collaborators))
            writers = [cells.get(field.column_name) or _text_cell(field) for field in fields]
            for values in collaborators.values_list(*lookups).iterator(chunk_size=2000):
                yield [write(value) for write, value in zip(writers, values, strict=True)]

        return headers, rows()

    def export(self, queryset=None, **kwargs):
        """The library's export, as a dataset: the same table."""
        queryset = queryset if queryset is not None else Collaborator.objects.visible_to(self.user)
        headers, rows = self.export_table(queryset, native=kwargs.get("force_native_type", False))
        dataset = tablib.Dataset(*rows, headers=headers)
        dataset.title = str(_("Collaborators"))[:31]
        return dataset

    @staticmethod
    def _export_cells(words: dict, *, native: bool, trained: set[int]) -> dict[str, Callable]:
        """How a column's database value becomes a cell, for the columns that are not plain text."""
        yes_no = {True: words["yes"], False: words["no"]}
        if native:
            number = day = _as_is
        else:
            number = _number_text
            day = _date_text
        return {
            "id": number,
            "committee_code": escape_formula,
            "committee_name": escape_formula,
            "birth_year": number,
            "gender": words["gender"].__getitem__,
            "decision_date": day,
            "status": words["status"].__getitem__,
            "status_since": day,
            "trained": lambda pk: yes_no[pk in trained],
            "attended_last_briefing": yes_no.__getitem__,
            "account": lambda username: escape_formula(username or ""),
        }


# The database value (``values_list`` lookup) each exported column is made from, when it is not the model field of the
# column's name. "Trained" is looked up by id among the ids found to have it.
EXPORT_LOOKUPS = {
    "committee_code": "committee__code",
    "committee_name": "committee__name",
    "trained": "id",
    "account": "user__username",
}


def _text_cell(field: fields.Field) -> Callable:
    if not isinstance(field.widget, TextWidget):
        raise ImproperlyConfigured(f"The export does not know how to write the column {field.column_name}.")
    return lambda text: escape_formula(text or "")


def _as_is(value):
    return value


def _number_text(number: int | None) -> str:
    return "" if number is None else str(number)


def _date_text(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
