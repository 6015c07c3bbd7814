"""How the Directive 05 URLs are reached for a record of the sibling committee B (see tests/test_url_access.py)."""

from datetime import date

from resolutions.models import FollowUpYear
from resolutions.services.directive05 import CriterionRow, criteria_revise


def sibling_year(tree) -> FollowUpYear:
    criteria_revise(by=None, committee=tree.b1, adopted_on=date(2026, 1, 5), criteria=[CriterionRow("Bí mật Sibling")])
    return FollowUpYear.objects.create(committee=tree.b1, year=2026, theme="Chuyên đề Bí mật Sibling",
                                       members_expected=30, members_with_plan=29)  # fmt: skip


def sibling_year_exists(tree):
    sibling_year(tree)


SAMPLES = {
    "resolutions:directive05_overview": sibling_year_exists,
    "resolutions:directive05_year_create": sibling_year_exists,
    "resolutions:directive05_year": lambda t: {"pk": sibling_year(t).pk},
    "resolutions:directive05_year_update": lambda t: {"pk": sibling_year(t).pk},
    "resolutions:criteria_history": lambda t: {"pk": sibling_year(t).committee_id},
    "resolutions:criteria_revise": lambda t: {"pk": sibling_year(t).committee_id},
}
