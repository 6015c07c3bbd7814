"""The study campaign the tests of the board, its roll-up, the urging letter and the reminders read: every kind of
committee, exempt members, nested targets, reports of every state and targets that did not report."""

from datetime import date

import pytest

from committees.models import Committee
from resolutions.models import StepKind
from resolutions.services.campaigns import campaign_start, default_steps, step_report_save
from tests.factories import make_committee
from tests.resolutions.factories_documents import make_document

Kind = Committee.Kind
TODAY = date(2026, 5, 10)  # the members step (due 30/04) is overdue, the action programme (29/05) not yet
EVERY_KIND = [Kind.UPPER_GRASSROOTS, Kind.GRASSROOTS, Kind.GRASSROOTS_CELL, Kind.PARTIAL, Kind.ATTACHED_CELL]


@pytest.fixture
def campaign(tree, bloc_staff):
    """Targets: A and B (upper-grassroots), A1 and B1 (grassroots cells under them), C (a grassroots cell right under
    the bloc: 12 members, 1 exempt), A2 (grassroots, under A) with A2P (partial) and A2C (attached: 20, 2 exempt)."""
    tree.c = make_committee(tree.root, code="C", name="Chi bộ cơ sở Văn phòng", party_members=12, exempt_members=1)
    tree.a2 = make_committee(tree.a, code="A2", name="Đảng bộ Cục Thuế", kind=Kind.GRASSROOTS)
    tree.a2p = make_committee(tree.a2, code="A2P", name="Đảng bộ bộ phận", kind=Kind.PARTIAL)
    tree.a2c = make_committee(
        tree.a2, code="A2C", name="Chi bộ trực thuộc", kind=Kind.ATTACHED_CELL, party_members=20, exempt_members=2
    )
    resolution = make_document(tree.root, issued_on=date(2026, 2, 20))
    campaign = campaign_start(
        by=bloc_staff, committee=tree.root, title="Học tập", starts_on=date(2026, 3, 1), documents=[resolution],
        steps=default_steps(EVERY_KIND), directly_under=False,
    )  # fmt: skip
    targets = {target.committee.code: target for target in campaign.targets.select_related("committee")}

    def report(code, kind, **fields):
        step = campaign.steps.get(target_kind=targets[code].committee.kind, kind=kind)
        step_report_save(target=targets[code], step=step, by=bloc_staff, **fields)

    report("A", StepKind.PLAN, done_on=date(2026, 3, 10))  # due 16/03: on time
    report("A1", StepKind.MEMBERS, done_on=date(2026, 3, 20), attendees=20, members_studied=20)  # due 30/04
    report("A2C", StepKind.MEMBERS, done_on=date(2026, 5, 5), attendees=15, members_studied=15)  # late
    report("B1", StepKind.MEMBERS, not_applicable="Chi bộ đã giải thể")
    report("C", StepKind.KEY_CADRES, attended_above=True)
    return campaign
