from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from committees.scoping import ScopedQuerySet
from committees.search import SearchableModel, SearchQuerySet


class Role(models.TextChoices):
    BLOC_STAFF = "bloc_staff", _("Bloc department staff")
    OFFICER = "officer", _("Propaganda officer")
    LEADER = "leader", _("Leader")
    COLLABORATOR = "collaborator", _("Collaborator")


class CommitteeQuerySet(ScopedQuerySet, SearchQuerySet, MP_NodeQuerySet):
    scope_path_field = "path"

    def collaborator_own(self, user, scope):
        return self.filter(pk=scope.committee.pk)

    def subtree_of(self, committee: "Committee"):
        return self.filter(path__startswith=committee.path)

    def active(self):
        return self.filter(is_active=True)

    def branch_totals(self, parent: "Committee") -> dict[str, dict]:
        """For each child of ``parent``: committees and head counts below it (itself excluded), in one aggregate.

        Keys are the children's paths; each value has ``committees``, ``party_members``, ``cadres``, ``employees``.
        """
        branch_len = (parent.depth + 1) * Committee.steplen
        rows = (
            self.filter(path__startswith=parent.path, depth__gt=parent.depth + 1)
            .order_by()
            .annotate(branch=Substr("path", 1, branch_len))
            .values("branch")
            .annotate(
                committees=Count("pk"),
                party_members=Sum("party_members"),
                cadres=Sum("cadres"),
                employees=Sum("employees"),
            )
        )
        return {row.pop("branch"): row for row in rows}

    def totals(self) -> dict:
        return self.order_by().aggregate(
            committees=Count("pk"),
            active=Count("pk", filter=Q(is_active=True)),
            party_members=Sum("party_members", default=0),
            cadres=Sum("cadres", default=0),
            employees=Sum("employees", default=0),
        )


class CommitteeManager(MP_NodeManager.from_queryset(CommitteeQuerySet)):
    def get_queryset(self):
        return CommitteeQuerySet(self.model, using=self._db).order_by("path")


class Committee(SearchableModel, MP_Node):
    """A party committee or cell: a node of the tree and the owner of every record."""

    class Kind(models.TextChoices):
        BLOC = "bloc", _("Bloc party committee")
        COMMITTEE = "committee", _("Subordinate party committee")
        CELL = "cell", _("Party cell")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(
        _("code"), max_length=50, unique=True, help_text=_("A unique code used in imports and exports.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CELL)
    document_symbol = models.CharField(
        _("document symbol"),
        max_length=30,
        blank=True,
        help_text=_('The symbol it signs documents with, e.g. "ĐUK".'),
    )
    department_name = models.CharField(
        _("propaganda department"),
        max_length=255,
        blank=True,
        help_text=_('The name of its propaganda department, e.g. "Ban Tuyên giáo và Dân vận".'),
    )
    is_active = models.BooleanField(_("active"), default=True)
    party_members = models.PositiveIntegerField(_("party members"), default=0)
    cadres = models.PositiveIntegerField(_("cadres"), default=0)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    headcount_date = models.DateField(_("counted on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["search_text", "numchild"])

    search_fields = ("name", "short_name", "code")
    objects = CommitteeManager()

    class Meta:
        verbose_name = _("party committee")
        verbose_name_plural = _("party committees")
        permissions = [("change_headcount", _("Can update head counts"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committees:detail", args=[self.pk])

    def is_within(self, other: "Committee") -> bool:
        return self.path.startswith(other.path)


class StaffProfileQuerySet(ScopedQuerySet):
    def collaborator_own(self, user, scope):
        return self.filter(user=user)


class StaffProfile(models.Model):
    """Ties a user to one committee (their scope) and one role (their permissions)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="staff", verbose_name=_("party committee")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = HistoricalRecords()
    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"
