"""The party documents registry: what the party issues (resolutions, directives, plans, guidance…) as the
department records it, to be studied, cited and counted."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.formatting import cited_date
from core.search import SearchableModel, SearchQuerySet
from core.validators import plausible_date, visible_text


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DIRECTIVE = "directive", _("Directive")
    CONCLUSION = "conclusion", _("Conclusion")
    REGULATION = "regulation", _("Regulation")
    DECISION = "decision", _("Decision")
    PLAN = "plan", _("Plan")
    GUIDANCE = "guidance", _("Guidance")
    NOTICE = "notice", _("Notice")
    ACTION_PROGRAMME = "action_programme", _("Action programme")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    OUTLINE = "outline", _("Outline")
    STUDY_MATERIAL = "study_material", _("Study material")


# A document's kind as party documents cite it, whatever language the reader uses: it is the text of the citation.
CITED_KIND = {
    DocumentKind.RESOLUTION: "Nghị quyết",
    DocumentKind.DIRECTIVE: "Chỉ thị",
    DocumentKind.CONCLUSION: "Kết luận",
    DocumentKind.REGULATION: "Quy định",
    DocumentKind.DECISION: "Quyết định",
    DocumentKind.PLAN: "Kế hoạch",
    DocumentKind.GUIDANCE: "Hướng dẫn",
    DocumentKind.NOTICE: "Thông báo",
    DocumentKind.ACTION_PROGRAMME: "Chương trình hành động",
    DocumentKind.OFFICIAL_LETTER: "Công văn",
    DocumentKind.OUTLINE: "Đề cương",
    DocumentKind.STUDY_MATERIAL: "Tài liệu",
}


class Organ(models.TextChoices):
    """Which organ issued it: a central one, or one of a committee of the tree."""

    CENTRAL_COMMITTEE = "central_committee", _("Central Committee")
    POLITBURO = "politburo", _("Politburo")
    SECRETARIAT = "secretariat", _("Secretariat")
    EXECUTIVE = "executive", _("Executive committee")
    STANDING_BOARD = "standing_board", _("Standing board")
    DEPARTMENT = "department", _("Propaganda department")


CENTRAL_ORGANS = frozenset({Organ.CENTRAL_COMMITTEE, Organ.POLITBURO, Organ.SECRETARIAT})


class Confidentiality(models.TextChoices):
    NONE = "", _("Not classified")
    CONFIDENTIAL = "confidential", _("Confidential (Mật)")
    SECRET = "secret", _("Secret (Tối mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tuyệt mật)")


class Dissemination(models.TextChoices):
    GRASP = "grasp", _("Grasped by key cadres (quán triệt)")
    DISSEMINATE = "disseminate", _("Disseminated to all members (phổ biến)")


class PartyDocumentQuerySet(ScopedQuerySet, SearchQuerySet):
    # What a committee registers is read by its whole subtree and changed only by the committee itself.
    issued_downward = True


class PartyDocument(SearchableModel):
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("registered by"),
        help_text=_("The committee that keeps this document: read by every committee under it, changed only by it."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(
        _("number"), max_length=50, validators=[visible_text], help_text=_('As written, e.g. "05-NQ/ĐUK".')
    )
    title = models.CharField(
        _("about"),
        max_length=500,
        validators=[visible_text],
        help_text=_('What it is about, as its title says after "về": e.g. "đổi mới công tác tư tưởng".'),
    )
    organ = models.CharField(_("issuing organ"), max_length=20, choices=Organ.choices)
    issuer = models.CharField(
        _("issued by"),
        max_length=255,
        validators=[visible_text],
        help_text=_('The issuing body as citations name it, e.g. "Bộ Chính trị", "Ban Thường vụ Đảng ủy Khối".'),
    )
    issuing_committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name=_("issuing committee"),
        help_text=_("The committee of the tree whose organ issued it; empty for the central organs."),
    )
    plenum = models.CharField(
        _("plenum and term"), max_length=255, blank=True, help_text=_('e.g. "Hội nghị Trung ương 6 khóa XII".')
    )
    issued_on = models.DateField(_("issued on"), validators=[plausible_date])
    summary = models.TextField(_("summary"), blank=True)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, blank=True, default=Confidentiality.NONE
    )
    dissemination = models.CharField(_("dissemination"), max_length=20, choices=Dissemination.choices, blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("cited_kind", "number", "title", "issuer", "plenum")  # "chi thi 05" finds Directive 05
    search_sources = ("kind", "number", "title", "issuer", "plenum")
    objects = PartyDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("party document")
        verbose_name_plural = _("party documents")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["committee", "issued_on"])]
        constraints = [
            models.UniqueConstraint(fields=["number", "issued_on", "issuer"], name="one_document_per_number_and_day")
        ]

    def __str__(self):
        return self.short_citation

    def get_absolute_url(self):
        return reverse("resolutions:document_detail", args=[self.pk])

    @property
    def cited_kind(self) -> str:
        return CITED_KIND.get(self.kind, "")

    @property
    def citation(self) -> str:
        """The full citation, on first mention: "Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về …"."""
        dated = f"{self.cited_kind} số {self.number}, ngày {cited_date(self.issued_on)}"
        return f"{dated} của {self.issuer} về {self.title}"

    @property
    def short_citation(self) -> str:
        """The short form after the first mention: "Chỉ thị 05", "Nghị quyết 05-NQ/ĐUK" for one of the tree's."""
        if self.organ in CENTRAL_ORGANS:
            return f"{self.cited_kind} {self.number.split('-', 1)[0]}"
        return f"{self.cited_kind} {self.number}"


class RelationKind(models.TextChoices):
    BASED_ON = "based_on", _("issued on the basis of")
    IMPLEMENTS = "implements", _("guides the implementation of")
    REPLACES = "replaces", _("replaces")


class DocumentRelationQuerySet(ScopedQuerySet):
    scope_path_field = "document__committee__path"
    issued_downward = True


class DocumentRelation(models.Model):
    """How one document stands to another: this plan implements that resolution; this directive replaces that one."""

    document = models.ForeignKey(PartyDocument, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        PartyDocument, on_delete=models.PROTECT, related_name="related_from", verbose_name=_("document")
    )

    objects = DocumentRelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("document relation")
        verbose_name_plural = _("document relations")
        constraints = [
            models.UniqueConstraint(fields=["document", "kind", "target"], name="one_relation_of_a_kind"),
            models.CheckConstraint(condition=~models.Q(document=models.F("target")), name="no_relation_to_itself"),
        ]

    def __str__(self):
        return f"{self.document} — {self.get_kind_display()} — {self.target}"


class DocumentFileQuerySet(ScopedQuerySet):
    scope_path_field = "document__committee__path"
    issued_downward = True


class DocumentFile(models.Model):
    """The document's text or an annex; its type is checked from its content, never trusted from its name."""

    document = models.ForeignKey(PartyDocument, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=255, validators=[visible_text])
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/")
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = DocumentFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")

    def __str__(self):
        return self.title
