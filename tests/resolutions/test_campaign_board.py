"""The progress board: each step's counts and the members' coverage added up the tree — exact figures on a
hand-built tree with every kind of committee, exempt members, nested targets and targets that did not report."""

from datetime import date

import pytest
from django.urls import reverse

from committees.models import Committee
from resolutions.models import StepKind
from resolutions.selectors.campaigns import campaign_board
from resolutions.services.campaigns import campaign_start, default_steps
from tests.factories import make_committee
from tests.resolutions.campaign_fixture import EVERY_KIND, TODAY

pytestmark = pytest.mark.django_db
Kind = Committee.Kind


def figures(cell):
    return cell.expected, cell.on_time, cell.late, cell.not_applicable, cell.attended_above


def test_the_blocs_board_adds_each_steps_counts_up_the_tree(tree, campaign, bloc_staff):
    board = campaign_board(bloc_staff, campaign, tree.root, today=TODAY)
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
    assert round(rows["A"].total.on_time_rate, 2) == 66.67  # A's plan and A1's study on time, A2C's study late
    assert board.total.total.on_time_rate == 50.0  # and C attended the key cadres' conference above


def test_coverage_adds_numerators_and_denominators_and_counts_nested_members_once(tree, campaign, bloc_staff):
    rows = {row.committee.code: row for row in campaign_board(bloc_staff, campaign, tree.root, today=TODAY).rows}
    # A's branch: its subtree's 10 + 25 + 20 members less 2 exempt, once (A1 and A2C study within A's figure).
    assert (rows["A"].studied, rows["A"].expected_members) == (35, 53)
    assert (rows["B"].studied, rows["B"].expected_members) == (0, 37)  # B1 did not study: still expected
    assert (rows["C"].studied, rows["C"].expected_members) == (0, 11)
    total = campaign_board(bloc_staff, campaign, tree.root, today=TODAY).total
    assert (total.studied, total.expected_members) == (35, 101)
    assert round(total.coverage, 2) == 34.65  # 35/101, not an average of the rows' rates


def test_an_officer_sees_their_branch_only_with_their_own_row_first(tree, campaign, officer_a):
    board = campaign_board(officer_a, campaign, tree.a, today=TODAY)
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
    assert rows[-1][rows[0].index("Đúng hạn")] == 66.67
    assert client.get(url, {"committee": "B", "format": "xlsx"}).status_code == 404


def test_every_figure_opens_the_committees_behind_it(client, tree, campaign, bloc_staff):
    from django.utils.html import escape

    from resolutions.templatetags.boards import figure_url

    client.force_login(bloc_staff)
    for code in ("ROOT", "A"):
        page = client.get(campaign.get_absolute_url(), {"committee": code})
        board = page.context["board"]
        for row in [*board.rows, board.total]:
            for kind, cell in zip(board.kinds, row.cells, strict=True):
                for status, count in (("", cell.expected), ("late", cell.late), ("overdue", cell.overdue)):
                    if not count:
                        continue
                    url = figure_url(board, row, kind, status)
                    assert escape(url) in page.text
                    if "/committees/" not in url:  # the chosen committee's own row: its own steps
                        assert client.get(url).context["target"].committee == row.committee
                        continue
                    listed = client.get(url).context["paginator"].count
                    assert listed == count, (row.committee.code, kind, status)


def test_the_committees_behind_a_figure_are_listed_with_the_steps_state(client, tree, campaign, bloc_staff):
    client.force_login(bloc_staff)
    url = reverse("resolutions:campaign_targets", args=[campaign.pk])
    page = client.get(url, {"committee": "A", "step": "members", "status": "late"})
    assert [line.target.committee.code for line in page.context["lines"]] == ["A2C"]
    assert page.context["lines"][0].line.report.done_on == date(2026, 5, 5)
    page = client.get(url, {"step": "members", "status": "not_applicable"})
    assert [line.target.committee.code for line in page.context["lines"]] == ["B1"]
    page = client.get(url, {"kind": Kind.ATTACHED_CELL})
    assert [line.target.committee.code for line in page.context["lines"]] == ["A2C"]
    page = client.get(url, {"step": "nonsense"})
    assert page.status_code == 200 and page.context["paginator"].count == 0  # not understood: nothing listed


def test_the_board_narrows_to_a_kind_and_to_the_committees_with_a_step_in_a_state(client, tree, campaign, bloc_staff):
    client.force_login(bloc_staff)
    board = client.get(campaign.get_absolute_url(), {"kind": Kind.ATTACHED_CELL}).context["board"]
    assert board.kinds == [StepKind.MEMBERS, StepKind.REFLECTIONS]
    assert [(row.committee.code, row.cells[0].expected, row.cells[0].late) for row in board.rows] == [("A", 1, 1)]
    board = client.get(campaign.get_absolute_url(), {"status": "attended_above"}).context["board"]
    assert [row.committee.code for row in board.rows] == ["C"]
    page = client.get(campaign.get_absolute_url(), {"status": "everything"})
    assert page.context["board"].rows == [] and page.context["filter_form"].errors  # not understood: nothing shown


def test_the_committees_behind_a_figure_cost_the_same_queries_with_more_of_them(
    client, tree, campaign, bloc_staff, django_assert_max_num_queries
):
    client.force_login(bloc_staff)
    url = reverse("resolutions:campaign_targets", args=[campaign.pk])
    params = {"step": "members"}
    client.get(url, params)
    with django_assert_max_num_queries(99) as few:
        client.get(url, params)
    for number in range(15):
        make_committee(tree.root, code=f"N{number}", name=f"Đảng bộ {number}", kind=Kind.GRASSROOTS)
    more = campaign_start(
        by=bloc_staff, committee=tree.root, title="Học tập", starts_on=date(2026, 3, 1),
        documents=campaign.documents.all(), steps=default_steps(EVERY_KIND), directly_under=False,
    )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("resolutions:campaign_targets", args=[more.pk]), params)
    assert response.context["paginator"].count == 23
