"""How the commendations' URLs are reached for a record of the sibling committee B (see tests/test_url_access.py)."""

from datetime import date

from resolutions.models import Commendation, Honoree


def sibling_commendation(tree) -> Commendation:
    return Commendation.objects.create(
        committee=tree.b1, honoree=Honoree.ORGANISATION, title="Chi bộ tiêu biểu Bí mật Sibling", year=2026,
        awarded_by=tree.b, issuer="Ban Thường vụ Đảng ủy", decision_number="12-QĐ/ĐU",
        decision_date=date(2026, 5, 19),
    )  # fmt: skip


def sibling_commendation_exists(tree):
    sibling_commendation(tree)


SAMPLES = {
    "resolutions:commendation_list": sibling_commendation_exists,
    "resolutions:commendation_create": sibling_commendation_exists,
    "resolutions:commendation_detail": lambda t: {"pk": sibling_commendation(t).pk},
    "resolutions:commendation_update": lambda t: {"pk": sibling_commendation(t).pk},
    "resolutions:commendation_photo": lambda t: {"pk": sibling_commendation(t).pk},
}
