from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import connections, models
from django.db.models import F, Max
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from committees.scoping import Role, ScopedQuerySet
from core.collation import NameSortedModel, sort_key
from core.search import SearchableModel, SearchQuerySet
from core.validators import MAX_HEADCOUNT, visible_text


class User(NameSortedModel, AbstractUser):
    """An account. Names are shown the Vietnamese way: family name first ("Nguyễn Văn An"), and sorted so."""

    sort_fields = ("last_name", "first_name", "username")

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name.split()[-1] if self.first_name.strip() else self.get_username()

    def build_sort_name(self) -> str:
        return sort_key(self.get_full_name() or self.get_username())


class CommitteeQuerySet(ScopedQuerySet, SearchQuerySet, MP_NodeQuerySet):
    scope_path_field = "path"

    def collaborator_own(self, user, scope):
        return self.filter(pk=scope.committee.pk)

    def active(self):
        return self.filter(is_active=True)

    def children_of(self, parent: "Committee"):
        """The committees right under ``parent``: one depth and a path prefix (the ``committee_children`` index)."""
        return self.filter(depth=parent.depth + 1, path__startswith=parent.path)

    def shift_totals(self, paths: list[str], delta: "Totals") -> None:
        """Add ``delta`` to the subtree totals of the committees at ``paths``, atomically in the database."""
        if paths and any(delta):
            self.filter(path__in=paths).update(
                **{f"subtree_{name}": F(f"subtree_{name}") + value for name, value in delta._asdict().items()}
            )

    def recompute_totals(self) -> None:
        """Recompute every committee's subtree totals from the head counts: one grouped UPDATE per tree level."""
        max_depth = self.model.objects.aggregate(m=Max("depth"))["m"] or 0
        connection = connections[self.db]
        table = connection.ops.quote_name(Committee._meta.db_table)
        # What each active committee adds, as own_totals says: one committee, and its head counts.
        own = {name: "1" if name == "committees" else name for name in Totals._fields}
        sets = ", ".join(f"subtree_{name} = agg.{name}" for name in own)
        sums = ", ".join(f"SUM(CASE WHEN is_active THEN {value} ELSE 0 END) AS {name}" for name, value in own.items())
        with connection.cursor() as cursor:
            for depth in range(1, max_depth + 1):
                cursor.execute(
                    f"""
                    UPDATE {table} SET {sets}
                    FROM (
                        SELECT SUBSTR(path, 1, %s) AS branch, {sums}
                        FROM {table} WHERE depth >= %s GROUP BY SUBSTR(path, 1, %s)
                    ) AS agg
                    WHERE {table}.path = agg.branch
                    """,
                    [depth * Committee.steplen, depth, depth * Committee.steplen],
                )


class Totals(NamedTuple):
    """What a committee adds to its own and its ancestors' subtree totals."""

    committees: int = 0
    party_members: int = 0
    exempt_members: int = 0
    cadres: int = 0
    employees: int = 0

    def __neg__(self) -> "Totals":
        return Totals(*(-v for v in self))

    def __sub__(self, other: "Totals") -> "Totals":
        return Totals(*(a - b for a, b in zip(self, other, strict=True)))


class CommitteeManager(MP_NodeManager.from_queryset(CommitteeQuerySet)):
    def get_queryset(self):
        return CommitteeQuerySet(self.model, using=self._db).order_by("path")


class Committee(SearchableModel, NameSortedModel, MP_Node):
    """A party committee or cell: a node of the tree and the owner of every record."""

    class Kind(models.TextChoices):
        """What a committee is, which its depth does not tell: a grassroots cell can sit right under the bloc, and a
        partial committee three levels down. Who studies a resolution and who reports to whom follow the kind."""

        BLOC = "bloc", _("Bloc party committee")
        UPPER_GRASSROOTS = "upper_grassroots", _("Upper-grassroots party committee")
        GRASSROOTS = "grassroots", _("Grassroots party committee")
        GRASSROOTS_CELL = "grassroots_cell", _("Grassroots party cell")
        PARTIAL = "partial", _("Partial party committee")
        ATTACHED_CELL = "attached_cell", _("Attached party cell")

    CELLS = frozenset({Kind.GRASSROOTS_CELL, Kind.ATTACHED_CELL})

    name = models.CharField(_("name"), max_length=255, validators=[visible_text])
    short_name = models.CharField(_("short name"), max_length=100, blank=True, validators=[visible_text])
    code = models.CharField(
        _("code"), max_length=50, unique=True, help_text=_("A unique code used in imports and exports.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GRASSROOTS_CELL)
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
    department_symbol = models.CharField(
        _("department's document symbol"),
        max_length=30,
        blank=True,
        help_text=_('The symbol its propaganda department signs documents with, e.g. "BTGĐUK".'),
    )
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        blank=True,
        validators=[visible_text],
        help_text=_('Where its documents are issued, written before their date, e.g. "Hà Nội".'),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Bounded: a typing mistake of ten digits would otherwise be added to every ancestor's totals.
    party_members = models.PositiveIntegerField(
        _("party members"), default=0, validators=[MaxValueValidator(MAX_HEADCOUNT)]
    )
    exempt_members = models.PositiveIntegerField(
        _("members exempt from meetings"),
        default=0,
        validators=[MaxValueValidator(MAX_HEADCOUNT)],
        help_text=_("Party members exempt from party activities (miễn sinh hoạt): not expected to study."),
    )
    cadres = models.PositiveIntegerField(_("cadres"), default=0, validators=[MaxValueValidator(MAX_HEADCOUNT)])
    employees = models.PositiveIntegerField(_("employees"), default=0, validators=[MaxValueValidator(MAX_HEADCOUNT)])
    headcount_date = models.DateField(_("counted on"), null=True, blank=True)
    # Totals of the whole subtree (this committee included, inactive ones left out), kept by the services so that
    # a branch of 60,000 committees is summed without scanning it.
    subtree_committees = models.PositiveIntegerField(_("committees in the subtree"), default=1, editable=False)
    subtree_party_members = models.PositiveBigIntegerField(_("party members in the subtree"), default=0, editable=False)
    subtree_exempt_members = models.PositiveBigIntegerField(
        _("members exempt from meetings in the subtree"), default=0, editable=False
    )
    subtree_cadres = models.PositiveBigIntegerField(_("cadres in the subtree"), default=0, editable=False)
    subtree_employees = models.PositiveBigIntegerField(_("employees in the subtree"), default=0, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "sort_name",
            "numchild",
            "subtree_committees",
            "subtree_party_members",
            "subtree_exempt_members",
            "subtree_cadres",
            "subtree_employees",
        ]
    )

    search_fields = ("name", "short_name", "code")
    sort_fields = ("name",)
    # What administrators edit and import; the tree fields and totals are the services' business.
    editable_fields = (
        "code", "name", "short_name", "kind", "document_symbol", "department_name", "department_symbol", "place_name",
        "is_active", "party_members", "exempt_members", "cadres", "employees", "headcount_date",
    )  # fmt: skip
    objects = CommitteeManager()

    class Meta:
        verbose_name = _("party committee")
        verbose_name_plural = _("party committees")
        # The children of a node: one depth and a path prefix (pattern ops so LIKE 'prefix%' uses it on PostgreSQL).
        indexes = [
            models.Index(
                fields=["depth", "path"], name="committee_children", opclasses=["int4_ops", "varchar_pattern_ops"]
            ),
            # A level of the tree in name order: the picker's suggestions, upper levels first.
            models.Index(fields=["depth", "sort_name", "id"], name="committee_level_by_name"),
            # Every committee of a scope in name order (the attendance rates per committee), paged from its start.
            models.Index(fields=["sort_name", "id"], name="committee_by_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exempt_members__lte=F("party_members")), name="exempt_among_the_members"
            )
        ]
        permissions = [("change_headcount", _("Can update head counts"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committees:detail", args=[self.pk])

    def is_within(self, other: "Committee") -> bool:
        return self.path.startswith(other.path)

    @cached_property
    def is_whole_tree(self) -> bool:
        """Whether this is the tree's only root: its subtree is every committee, so reading it needs no path filter
        (and no join to the committees)."""
        return self.depth == 1 and not Committee.objects.filter(depth=1).exclude(pk=self.pk).exists()

    def subtree(self, field: str = "committee") -> models.Q:
        """Records owned by this committee or one under it, through ``field`` (a foreign key to a committee)."""
        if self.is_whole_tree:
            return models.Q()
        return models.Q(**{f"{field}__path__startswith": self.path})

    def ancestor_paths(self) -> list[str]:
        """The paths of the committees above this one, the root's first."""
        return self.path_lineage(self.path)[:-1]

    @property
    def parent_path(self) -> str:
        """The parent's path ("" for a root): a subtree is a path prefix, so the parent's is this one less a step."""
        return self.path[: -self.steplen] if self.depth > 1 else ""

    @classmethod
    def path_lineage(cls, path: str) -> list[str]:
        """The paths from the root down to ``path`` itself, for a path read without its committee."""
        return [path[:end] for end in range(cls.steplen, len(path) + 1, cls.steplen)]

    @classmethod
    def path_at_depth(cls, path: str, depth: int) -> str:
        """The path of the ancestor at ``depth`` of the committee at ``path`` (itself when it is that deep)."""
        return path[: depth * cls.steplen]

    @property
    def own_totals(self) -> Totals:
        """What this committee alone adds to the totals: nothing once it is inactive."""
        if not self.is_active:
            return Totals()
        return Totals(1, self.party_members, self.exempt_members, self.cadres, self.employees)

    @property
    def subtree_totals(self) -> Totals:
        return Totals(*(getattr(self, f"subtree_{name}") for name in Totals._fields))

    def clean(self):
        super().clean()
        if (self.exempt_members or 0) > (self.party_members or 0):
            raise ValidationError(
                {"exempt_members": _("Members exempt from meetings cannot be more than the party members.")}
            )


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
