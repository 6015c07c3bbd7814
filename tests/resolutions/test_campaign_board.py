"""The progress board: each step's counts and the members' coverage added up the tree — exact figures on a
hand-built tree with every kind of committee, exempt members, nested targets and targets that did not report."""

from datetime import date

import pytest
from django.urls import reverse

from committees.models import Committee
from resolutions.models import StepKind
from resolutions.selectors.campaigns import campaign_board
from resolutions.services.campaigns import campaign_start, default_steps, step_report_save
from tests.factories import make_committee
from tests.resolutions.factories_documents import make_document

pytestmark = pytest.mark.django_db
Kind = Committee.Kind
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


def figures(cell):
    return cell.expected, cell.on_time, cell.late, cell.not_applicable, cell.attended_above


def test_the_blocs_board_adds_each_steps_counts_up_the_tree(tree, campaign, bloc_staff):
    board = campaign_board(bloc_staff, campaign, tree.root)
    assert board.kinds == [StepKind.ANNOUNCEMENT, StepKind.PLAN, StepKind.KEY_CADRES, StepKind.MEMBERS,
                           StepKind.REFLECTIONS, StepKind.PUBLICITY, StepKind.ACTION_PROGRAMME]  # fmt: skip
    rows = {row.committee.code: row for row in board.rows}
    assert [row.committee.code for row in board.rows] == ["C", "A", "B"]  # Vietnamese name order
    plan, key_cadres, members = 1, 2, 3
    assert figures(rows["A"].cells[plan]) == (3, 1, 0, 0, 0)  # A, A1, A2 issue plans; A did, on time
    assert figures(rows["A"].cells[members]) == (5, 1, 1, 0, 0)  # A, A1, A2, A2P, A2C study; A1 on time, A2C late
    assert figures(rows["B"].cells[members]) == (2, 0, 0, 1, 0)
    assert figures(rows["C"].cells[key_cadres]) == (1, 0, 0, 0, 1)
    assert figures(board.total.cells[members]) == (8, 1, 1, 1, 0)
    assert (rows["A"].total.expected, rows["A"].total.settled) == (25, 3)
    assert round(rows["A"].total.completion, 2) == 12.0


def test_coverage_adds_numerators_and_denominators_and_counts_nested_members_once(tree, campaign, bloc_staff):
    rows = {row.committee.code: row for row in campaign_board(bloc_staff, campaign, tree.root).rows}
    # A's branch: its subtree's 10 + 25 + 20 members less 2 exempt, once (A1 and A2C study within A's figure).
    assert (rows["A"].studied, rows["A"].expected_members) == (35, 53)
    assert (rows["B"].studied, rows["B"].expected_members) == (0, 37)  # B1 did not study: still expected
    assert (rows["C"].studied, rows["C"].expected_members) == (0, 11)
    total = campaign_board(bloc_staff, campaign, tree.root).total
    assert (total.studied, total.expected_members) == (35, 101)
    assert round(total.coverage, 2) == 34.65  # 35/101, not an average of the rows' rates


def test_an_officer_sees_their_branch_only_with_their_own_row_first(tree, campaign, officer_a):
    board = campaign_board(officer_a, campaign, tree.a)
    assert [row.committee.code for row in board.rows] == ["A", "A1", "A2"]
    assert board.rows[0].target_pk is not None and board.rows[2].opens  # A2 has committees taking part under it
    assert (board.total.studied, board.total.expected_members) == (35, 53)


def test_the_campaign_page_shows_the_board_and_a_sibling_branch_is_not_found(client, tree, campaign, officer_a):
    client.force_login(officer_a)
    page = client.get(campaign.get_absolute_url())
    assert [row.committee.code for row in page.context["board"].rows] == ["A", "A1", "A2"]
    assert tree.b.name not in page.text
    assert client.get(campaign.get_absolute_url(), {"committee": "B"}).status_code == 404
    drill = client.get(campaign.get_absolute_url(), {"committee": "A2"})
    assert [row.committee.code for row in drill.context["board"].rows] == ["A2", "A2C", "A2P"]


def test_the_board_costs_the_same_queries_with_many_more_targets(
    client, tree, campaign, bloc_staff, django_assert_max_num_queries
):
    client.force_login(bloc_staff)
    url = campaign.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(99) as few:
        client.get(url)
    for number in range(15):
        make_committee(tree.root, code=f"N{number}", name=f"Đảng bộ {number}", kind=Kind.GRASSROOTS)
    more = campaign_start(
        by=bloc_staff, committee=tree.root, title="Học tập", starts_on=date(2026, 3, 1),
        documents=campaign.documents.all(), steps=default_steps(EVERY_KIND), directly_under=False,
    )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("resolutions:campaign_detail", args=[more.pk])).status_code == 200


def test_the_board_downloads_as_shown_and_a_siblings_branch_is_not_found(client, tree, campaign, officer_a):
    import io

    import openpyxl

    client.force_login(officer_a)
    url = reverse("resolutions:campaign_board_export", args=[campaign.pk])
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-A.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[0] for row in rows] == [
        "Cấp ủy",
        "Đảng ủy Bộ Tài chính",
        "Chi bộ Vụ Tổng hợp",
        "Đảng bộ Cục Thuế",
        "Tổng cộng",
    ]
    members = rows[0].index("Học tập cho đảng viên")
    assert rows[-1][members] == "2/5" and rows[-1][-2:] == [35, 53]
    assert client.get(url, {"committee": "B", "format": "xlsx"}).status_code == 404
