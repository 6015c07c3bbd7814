"""Study campaigns (đợt nghiên cứu, học tập, quán triệt): after a plenum or a new directive, the organising committee
asks the committees it chooses — by kind, not by depth — to take a set of steps within deadlines counted from the
campaign's start, and each of them reports what it did."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.search import SearchableModel, SearchQuerySet
from core.validators import plausible_date, visible_text
from resolutions.models.documents import PartyDocument


class StepKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Quick announcement of the results")
    PLAN = "plan", _("Plan or convening letter")
    KEY_CADRES = "key_cadres", _("Conference for key cadres")
    MEMBERS = "members", _("Study for party members")
    REFLECTIONS = "reflections", _("Written reflections")
    PUBLICITY = "publicity", _("Publicity")
    ACTION_PROGRAMME = "action_programme", _("Action programme or implementation plan")


# Steps whose report is a meeting held: it had people in it.
MEETINGS = frozenset({StepKind.KEY_CADRES, StepKind.MEMBERS})


class CampaignQuerySet(ScopedQuerySet, SearchQuerySet):
    # The organiser's campaign is read by the committees under it (its targets among them), changed by it alone.
    issued_downward = True


class Campaign(SearchableModel):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("organising committee")
    )
    title = models.CharField(_("title"), max_length=500, validators=[visible_text])
    documents = models.ManyToManyField(PartyDocument, related_name="campaigns", verbose_name=_("documents studied"))
    starts_on = models.DateField(_("starts on"), validators=[plausible_date])
    target_kinds = models.JSONField(_("kinds of committee taking part"), default=list)
    directly_under = models.BooleanField(
        _("directly under the organiser only"),
        default=True,
        help_text=_(
            "Only the committees right under the organiser; otherwise every committee of those kinds below it."
        ),
    )

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("title",)
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("study campaign")
        verbose_name_plural = _("study campaigns")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resolutions:campaign_detail", args=[self.pk])


class CampaignStep(models.Model):
    """One step the targets of one kind take, due a number of days after the campaign starts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="steps")
    target_kind = models.CharField(_("kind of committee"), max_length=20, choices=Committee.Kind.choices)
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    due_days = models.PositiveSmallIntegerField(_("due after (days)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("campaign step")
        verbose_name_plural = _("campaign steps")
        ordering = ["target_kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "target_kind", "kind"], name="one_step_of_a_kind_per_target_kind"
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class CampaignTargetQuerySet(ScopedQuerySet):
    """A target's part of a campaign is read in the target's scope: by the target and the committees above it, the
    organiser among them (a target is always below its organiser); a sibling's is out of sight."""


class CampaignTarget(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="campaign_targets")
    # The committee's kind when the campaign started: it says which steps are asked of it, and a committee
    # reorganised into another kind halfway through still owes what it was asked.
    kind = models.CharField(_("kind of committee"), max_length=20, choices=Committee.Kind.choices)
    # Its subtree's members are counted once in the campaign's coverage: it studies, and no target above it does
    # (kept by ``resolutions.services.campaign_tallies``).
    counts_members = models.BooleanField(default=False, editable=False)

    objects = CampaignTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        constraints = [models.UniqueConstraint(fields=["campaign", "committee"], name="one_target_per_committee")]
        indexes = [
            models.Index(fields=["campaign"], condition=models.Q(counts_members=True), name="campaign_target_members")
        ]

    def __str__(self):
        return f"{self.campaign} — {self.committee}"

    def get_absolute_url(self):
        return reverse("resolutions:campaign_target", args=[self.pk])


class StudyFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BOTH = "both", _("In person and online")


class StepReportQuerySet(ScopedQuerySet):
    scope_path_field = "target__committee__path"


class StepReport(models.Model):
    """What a target committee reports of one step: done (when, how, with what evidence and figures), not
    applicable (why), or attended at the connection point of the level above."""

    target = models.ForeignKey(CampaignTarget, on_delete=models.CASCADE, related_name="reports")
    step = models.ForeignKey(CampaignStep, on_delete=models.CASCADE, related_name="reports")
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[plausible_date])
    not_applicable = models.CharField(
        _("not applicable because"), max_length=255, blank=True, help_text=_("Leave empty if the step applies.")
    )
    attended_above = models.BooleanField(_("attended at the higher level's connection point"), default=False)
    format = models.CharField(_("format"), max_length=10, choices=StudyFormat.choices, blank=True)
    evidence_number = models.CharField(_("document number"), max_length=50, blank=True)
    evidence_date = models.DateField(_("document date"), null=True, blank=True, validators=[plausible_date])
    sessions = models.PositiveIntegerField(_("sessions or classes"), default=0)
    attendees = models.PositiveIntegerField(_("attendees"), default=0)
    members_studied = models.PositiveIntegerField(_("party members who studied"), default=0)
    members_expected = models.PositiveIntegerField(
        _("party members expected"), default=0, help_text=_("Party members less those exempt from meetings.")
    )
    non_members = models.PositiveIntegerField(_("non-members who attended"), default=0)
    reflections = models.PositiveIntegerField(_("written reflections"), default=0)
    articles = models.PositiveIntegerField(_("articles, posts and bulletins"), default=0)

    history = HistoricalRecords()
    objects = StepReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("step report")
        verbose_name_plural = _("step reports")
        constraints = [models.UniqueConstraint(fields=["target", "step"], name="one_report_per_target_step")]

    def __str__(self):
        return f"{self.target} — {self.step}"


class ConnectionPointQuerySet(ScopedQuerySet):
    scope_path_field = "report__target__committee__path"


class ConnectionPoint(models.Model):
    """A place where a conference was followed online (điểm cầu): which committee hosted it, where, and how many
    attended there. An online or mixed conference reports each of its points; its attendees are their sum."""

    report = models.ForeignKey(StepReport, on_delete=models.CASCADE, related_name="connection_points")
    host = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="connection_points", verbose_name=_("host committee")
    )
    place = models.CharField(_("place"), max_length=255, blank=True, validators=[visible_text])
    attendees = models.PositiveIntegerField(_("attendees"))

    objects = ConnectionPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection point")
        verbose_name_plural = _("connection points")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.host} ({self.attendees})"


class StepEvidenceQuerySet(ScopedQuerySet):
    scope_path_field = "report__target__committee__path"


class StepEvidence(models.Model):
    """A file that shows a step was done (the plan, the minutes of the conference); its type is checked from its
    content, never trusted from its name."""

    report = models.ForeignKey(StepReport, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=255, validators=[visible_text])
    file = models.FileField(_("file"), upload_to="campaigns/%Y/%m/")
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = StepEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.title


class UrgingQuerySet(ScopedQuerySet):
    scope_path_field = "target__committee__path"


class Urging(models.Model):
    """A committee above reminding a target of the steps it owes (đôn đốc): by phone, letter, at a meeting…,
    logged so that the next person to call knows what was said."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        LETTER = "letter", _("Urging letter")
        EMAIL = "email", _("Email")
        MEETING = "meeting", _("At a meeting")
        VISIT = "visit", _("Visit")

    target = models.ForeignKey(CampaignTarget, on_delete=models.CASCADE, related_name="urgings")
    urged_on = models.DateField(_("urged on"), validators=[plausible_date])
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("urged by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UrgingQuerySet.as_manager()

    class Meta:
        verbose_name = _("urging")
        verbose_name_plural = _("urgings")
        ordering = ["-urged_on", "-pk"]

    def __str__(self):
        return f"{self.target} — {self.urged_on:%d/%m/%Y}"


class StepStatus(models.TextChoices):
    NOT_DUE = "not_due", _("Not due yet")
    ON_TIME = "on_time", _("Done on time")
    LATE = "late", _("Done late")
    OVERDUE = "overdue", _("Overdue")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    ATTENDED_ABOVE = "attended_above", _("Attended at the higher level")


def due_on(campaign: Campaign, step: CampaignStep) -> date:
    return deadline(campaign.starts_on, step.due_days)


def deadline(starts_on: date, due_days: int) -> date:
    """A step's deadline: so many days after its campaign begins."""
    return starts_on + timedelta(days=due_days)


def step_status(*, due: date, report: StepReport | None, today: date) -> str:
    """The state of one target's step on ``today``: what it reported, else whether its deadline has passed (the
    deadline's own day is still in time)."""
    if report is not None:
        if report.not_applicable:
            return StepStatus.NOT_APPLICABLE
        if report.attended_above:
            return StepStatus.ATTENDED_ABOVE
        if report.done_on is not None:
            return StepStatus.ON_TIME if report.done_on <= due else StepStatus.LATE
    return StepStatus.OVERDUE if today > due else StepStatus.NOT_DUE
