"""The organisation department's list of annual quality ratings, imported all or nothing: a committee by its code,
the year, the rating by its value or its Vietnamese wording."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from committees.models import Committee
from committees.resources import TextWidget, WholeNumberWidget
from core.imports import repeated
from resolutions.models import QualityRating


class CommitteeCodeWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Committee, field="code")

    def clean(self, value, row=None, **kwargs):
        code = TextWidget().clean(value)
        if not code:
            raise ValueError(_("Give the committee's code."))
        committee = Committee.objects.filter(code=code).first()
        if committee is None:
            raise ValueError(_("No committee has the code %(code)s.") % {"code": code})
        return committee


class RatingWidget(widgets.CharWidget):
    """The rating's value ("excellent") or its wording, in either language, ignoring case."""

    def clean(self, value, row=None, **kwargs):
        text = (TextWidget().clean(value) or "").strip().lower()
        for choice in QualityRating.Rating:
            if text == choice.value or text in _wordings(choice):
                return choice.value
        raise ValueError(_("Not a rating: %(value)s.") % {"value": value})


def _wordings(choice) -> set[str]:
    """How a rating is written in each language of the application."""
    wordings = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            wordings.add(str(choice.label).lower())
    return wordings


class QualityRatingResource(resources.ModelResource):
    committee = fields.Field(attribute="committee", column_name="committee_code", widget=CommitteeCodeWidget())
    year = fields.Field(attribute="year", column_name="year", widget=WholeNumberWidget())
    rating = fields.Field(attribute="rating", column_name="rating", widget=RatingWidget())

    class Meta:
        model = QualityRating
        import_id_fields = ["committee", "year"]
        fields = ["committee", "year", "rating"]
        clean_model_instances = True
        use_transactions = True

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=True, **kwargs):  # fmt: skip
        # All or nothing, as the committees' import: a refused row rolls back the whole file.
        return super().import_data(
            dataset, dry_run, raise_errors, use_transactions, collect_failed_rows, rollback_on_validation_errors,
            **kwargs,
        )  # fmt: skip

    def before_import(self, dataset, **kwargs):
        named = {"committee_code", "year"} <= set(dataset.headers or ())
        keys = zip(dataset["committee_code"], dataset["year"], strict=True) if named and len(dataset) else ()
        self._repeats = repeated((str(code).strip(), str(year).strip()) for code, year in keys)

    def before_import_row(self, row, row_number=None, **kwargs):
        if row_number is not None and row_number - 1 in self._repeats:
            raise ValidationError(
                {"year": _("This committee's year is already on row %(row)s of the file.")
                 % {"row": self._repeats[row_number - 1] + 1}}
            )  # fmt: skip
