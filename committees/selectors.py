"""Reads of the committee tree, always within the reader's scope."""

from collections import defaultdict

from django.core.paginator import Page
from django.db.models import Sum

from committees.models import Committee, StaffProfile, Totals
from committees.scoping import Role, scope_of
from core.pagination import Paginator
from core.party_layout import Signature
from core.search import normalize

CHILDREN_PER_PAGE = 50


def scope_roots(user):
    """The committees a user's tree starts from: their own committee, or every root for a superuser."""
    scope = scope_of(user)
    if scope.everything:
        return Committee.objects.filter(depth=1)
    if scope.committee is None:
        return Committee.objects.none()
    return Committee.objects.visible_to(user).filter(pk=scope.committee.pk)


def scope_totals(user) -> Totals:
    """Committees and head counts of everything the user may see (read from the roots' subtree totals)."""
    row = scope_roots(user).order_by().aggregate(**{name: Sum(f"subtree_{name}", default=0) for name in Totals._fields})
    return Totals(**row)


def place_of(committee: Committee) -> str:
    """Where ``committee`` issues its documents: its own place name, else the nearest ancestor's (a cell writes
    the place of the committee it belongs to)."""
    if committee.place_name:
        return committee.place_name
    ancestors = Committee.objects.filter(path__in=committee.ancestor_paths()).exclude(place_name="")
    return ancestors.order_by("-depth").values_list("place_name", flat=True).first() or ""


# Where a department's full name names its committee ("Ban Tuyên giáo Đảng ủy Khối"): the head of its documents
# writes the committee on the line above, and the department alone below it.
_COMMITTEE_WORDS = (" Đảng ủy", " Đảng bộ", " Chi bộ", " Chi ủy", " Ban Thường vụ")


def department_head(committee: Committee) -> tuple[str, str]:
    """The two top lines of a document its department issues: the committee, then the department by itself
    ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TRUNG ƯƠNG" over "BAN TUYÊN GIÁO")."""
    department = committee.department_name or "Ban Tuyên giáo"
    cut = min((department.find(words) for words in _COMMITTEE_WORDS if words in department), default=len(department))
    return committee.name.upper(), department[:cut].upper()


def issuing_head(committee: Committee) -> tuple[str, str, str]:
    """(superior line, issuer line, symbol) of a document a committee's propaganda work issues: its department when
    it has one ("ĐẢNG ỦY KHỐI …" over "BAN TUYÊN GIÁO"), else the committee itself under its parent (a cell issues its
    own reports)."""
    if committee.department_name:
        superior, department = department_head(committee)
        return superior, department, committee.department_symbol or committee.document_symbol
    parent = Committee.objects.filter(path=committee.parent_path).values_list("name", flat=True).first() or ""
    return parent.upper(), committee.name.upper(), committee.document_symbol


def department_head_name(committee: Committee) -> str:
    """The name of the head of the committee's department: its leader on record whose position says so ("Trưởng Ban
    Tuyên giáo", not "Phó Trưởng Ban"), or nothing, to be written in by hand."""
    heads = StaffProfile.objects.filter(committee=committee, role=Role.LEADER, position__icontains="trưởng ban")
    head = heads.exclude(position__icontains="phó").select_related("user").order_by("pk").first()
    return head.user.get_full_name() if head else ""


CELL_KINDS = {Committee.Kind.GRASSROOTS_CELL, Committee.Kind.ATTACHED_CELL}


def signature_of(committee: Committee, signer=None) -> Signature:
    """The signature block of a document the committee's propaganda work issues, by the signer's authority: the head
    of the department signs as "TRƯỞNG BAN", a deputy "K/T TRƯỞNG BAN" over "PHÓ TRƯỞNG BAN"; a committee without a
    department issues it itself, on behalf of its standing committee (a cell: of the cell), its secretary below. No
    signer yet: the department's head on record, or the name left to be written in."""
    profile = StaffProfile.objects.filter(user=signer, role=Role.LEADER).first() if signer else None
    deputy = (profile.position if profile else "").strip().lower().startswith("phó")
    if committee.department_name:
        name = signer.get_full_name() if signer else department_head_name(committee)
        if deputy:
            return Signature(position="PHÓ TRƯỞNG BAN", name=name, authority="K/T TRƯỞNG BAN")
        return Signature(position="TRƯỞNG BAN", name=name)
    body = "T/M CHI BỘ" if committee.kind in CELL_KINDS else "T/M BAN THƯỜNG VỤ"
    name = signer.get_full_name() if signer else ""
    return Signature(position="PHÓ BÍ THƯ" if deputy else "BÍ THƯ", name=name, authority=body)


STAFF = (Role.OFFICER, Role.BLOC_STAFF)


def staff_of(committee_ids) -> dict[int, list]:
    """The active staff (officers, department staff) of each committee, by committee (``committee_ids``: ids or a
    queryset of them): whom a committee's deadlines are told to."""
    profiles = StaffProfile.objects.filter(committee_id__in=committee_ids, role__in=STAFF, user__is_active=True)
    found = defaultdict(list)
    for profile in profiles.select_related("user").order_by("pk"):
        found[profile.committee_id].append(profile.user)
    return found


def children_page(parent: Committee, user, number=None) -> Page:
    """One page of the visible children of ``parent`` in name order, each carrying its subtree totals."""
    children = Committee.objects.visible_to(user).children_of(parent).order_by("sort_name", "pk")
    return Paginator(children, CHILDREN_PER_PAGE).get_page(number)


def ancestors_in_scope(committee: Committee, user) -> list[Committee]:
    """The committee's ancestors that the user may see, root first (one query)."""
    if committee.depth == 1:
        return []
    return list(Committee.objects.visible_to(user).filter(path__in=committee.ancestor_paths()).order_by("depth"))


def with_paths(committees: list[Committee], user) -> list[Committee]:
    """Attach ``visible_ancestors`` to each committee, for all of them in one query."""
    prefixes = {p for c in committees for p in c.ancestor_paths()}
    visible = Committee.objects.visible_to(user).filter(path__in=prefixes).only("path", "name", "depth")
    by_path = {c.path: c for c in visible} if prefixes else {}
    for c in committees:
        c.visible_ancestors = [by_path[p] for p in c.ancestor_paths() if p in by_path]
    return committees


SUGGESTIONS = 20


def committee_suggestions(
    user, query: str, *, cells: bool = True, inactive: bool = False, limit: int = SUGGESTIONS
) -> list[Committee]:
    """The committees of the user's scope a picker suggests for what was typed: the one whose code it is first,
    then those whose name or code holds it (accents and case ignored), the upper levels first, each level in
    Vietnamese name order. Text shorter than
    two letters suggests the top of the scope. Each carries ``parent_name`` when the user may see its parent."""
    committees = Committee.objects.visible_to(user).only("code", "name", "path", "depth")
    if not inactive:
        committees = committees.filter(is_active=True)
    if not cells:
        committees = committees.exclude(kind__in=Committee.CELLS)
    text = " ".join(query.split())[:100]
    code = text.partition("—")[0].strip()
    found = list(committees.filter(code__in={code, code.upper()})[:1]) if code else []
    phrase = text.partition("—")[2].strip() or text
    matches = committees.search(phrase) if len(normalize(phrase)) >= 2 else committees
    found += [c for c in matches.order_by("depth", "sort_name", "pk")[:limit] if c not in found]
    found = found[:limit]
    parents = {c.parent_path for c in found if c.depth > 1}
    names = dict(Committee.objects.visible_to(user).filter(path__in=parents).values_list("path", "name"))
    for c in found:
        c.parent_name = names.get(c.parent_path, "")
    return found
