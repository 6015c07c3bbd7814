from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.models import Committee
from committees.scoping import scope_of
from core.fields import DateField
from core.widgets import DayMonthYearInput
from reports.figures import SECTIONS
from reports.models import ReportingPeriod, all_sections
from reports.narrative import outline
from resolutions.selectors.documents import documents_offered

DAYS = ("starts_on", "ends_on", "deadline")
REPORTING_KINDS = [Committee.Kind.UPPER_GRASSROOTS, Committee.Kind.GRASSROOTS, Committee.Kind.GRASSROOTS_CELL]


class PeriodForm(forms.ModelForm):
    committee = CommitteeField(label=_("Opened by"), cells=False)
    obliged_kinds = forms.MultipleChoiceField(
        label=_("Kinds of committee that report"), choices=Committee.Kind.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Each reports to its parent, which receives it."),
    )  # fmt: skip
    sections = forms.MultipleChoiceField(
        label=_("Areas the reports cover"), choices=[(s.key, s.title) for s in SECTIONS],
        widget=forms.CheckboxSelectMultiple, help_text=_("Their results and figures; the others are left out."),
    )  # fmt: skip

    class Meta:
        model = ReportingPeriod
        fields = ["committee", "kind", "year", "starts_on", "ends_on", "deadline", "guidance", "obliged_kinds",
                  "sections"]  # fmt: skip
        field_classes = dict.fromkeys(DAYS, DateField)
        widgets = {name: DayMonthYearInput() for name in DAYS}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].for_user(user)
        self.initial.setdefault("committee", scope_of(user).committee)
        self.initial.setdefault("year", timezone.localdate().year)
        self.initial.setdefault("obliged_kinds", REPORTING_KINDS)
        self.initial.setdefault("sections", all_sections())
        self.fields["guidance"].queryset = documents_offered(user)
        self.fields["guidance"].label_from_instance = lambda document: document.citation
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("committee", css_class="col-md-6"), Column("kind", css_class="col-md-3"),
                Column("year", css_class="col-md-3")),
            Row(Column("starts_on", css_class="col-md-4"), Column("ends_on", css_class="col-md-4"),
                Column("deadline", css_class="col-md-4")),
            "guidance",
            "obliged_kinds",
            "sections",
            Submit("submit", _("Open the period")),
        )  # fmt: skip


class SignForm(forms.Form):
    document_number = forms.CharField(label=_("Report number"), max_length=50, help_text=_('E.g. "12-BC/BTGĐUK".'))
    document_date = DateField(label=_("Dated"), widget=DayMonthYearInput())
    note = forms.CharField(
        label=_("Note on the checks"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the checks found something: why the report is signed as it stands."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("document_date", timezone.localdate())


class SendForm(forms.Form):
    recipients = forms.CharField(
        label=_("Recipients (Nơi nhận)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        initial="- Ban Tuyên giáo cấp trên,\n- Lưu.",
    )  # fmt: skip


class ReceiveForm(forms.Form):
    incoming_reference = forms.CharField(label=_("Incoming reference"), max_length=50, required=False)


class AdditionsForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be added or explained"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TextForm(forms.Form):
    """The text of each part of the report, in the period's outline, each under its heading as printed."""

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        chapter = ""
        for heading in outline(period):
            chapter = heading.chapter or chapter
            self.fields[heading.part.key] = forms.CharField(
                label=heading.part.title, required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6}),
                help_text=" · ".join(filter(None, (chapter, heading.heading))),
            )  # fmt: skip
        self.helper = FormHelper()
        self.helper.form_tag = False


class ComposeForm(forms.Form):
    rounded = forms.BooleanField(
        label=_("Round counts of people the way reports do (“hơn 100 cộng tác viên”)"), required=False
    )
