from datetime import date

from resolutions.models import Honoree
from resolutions.services.commendations import commendation_create


def honour(tree, by, committee, **fields):
    """A commendation the bloc's standing board awarded to ``committee`` (or to a member of it), through the service."""
    data = {
        "honoree": Honoree.ORGANISATION, "title": "Chi bộ tiêu biểu", "year": 2026, "awarded_by": tree.root,
        "issuer": "Ban Thường vụ Đảng ủy Khối", "decision_number": "125-QĐ/ĐUK", "decision_date": date(2026, 5, 19),
    }  # fmt: skip
    return commendation_create(by=by, committee=committee, **{**data, **fields})
