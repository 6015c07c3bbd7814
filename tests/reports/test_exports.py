"""A report as the files a department sends: the Word document in party layout, parsed back as its recipient reads
it (head, number, date line, title, sections, figures, signature, recipients, proofing language), and its annex as a
workbook with the committees under it as rows; a sibling gets neither."""

import io
from datetime import date

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from committees.models import Committee, StaffProfile
from committees.scoping import Role
from core.party_layout import Signature
from reports.services import period_open, report_send, report_sign, report_start, report_write
from resolutions.services.directive05 import year_record
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

HALF = {"kind": "half", "year": 2026, "starts_on": date(2025, 12, 15), "ends_on": date(2026, 6, 14),
        "deadline": date(2026, 6, 20), "obliged_kinds": ["upper_grassroots", "grassroots_cell"]}  # fmt: skip


@pytest.fixture
def signed(tree, bloc_staff, officer_a):
    """A's report, its text written, signed by the head of A's department on 18/06/2026 and sent to the bloc."""
    Committee.objects.filter(pk=tree.a.pk).update(
        department_name="Ban Tuyên giáo Đảng ủy Bộ Tài chính", department_symbol="BTGĐU", place_name="Hà Nội"
    )
    tree.a.refresh_from_db()
    head = make_staff("truongban_a", tree.a, Role.LEADER, first_name="An", last_name="Nguyễn Văn")
    StaffProfile.objects.filter(user=head).update(position="Trưởng Ban Tuyên giáo")
    with time_machine.travel("2026-06-18 10:00 +0700", tick=False):
        year_record(by=officer_a, committee=tree.a1, year=2026, theme="Chuyên đề", members_expected=25,
                    members_with_plan=24)  # fmt: skip
        period = period_open(by=bloc_staff, committee=tree.root, **HALF)
        report = report_start(by=officer_a, period=period, committee=tree.a)
        parts = {**report.current.narrative["parts"], "proposals": "Đề nghị mở lớp tập huấn cho cộng tác viên."}
        report_write(by=officer_a, report=report, parts=parts)
        report_sign(by=head, report=report, document_number="12", document_date=date(2026, 6, 18), note="Đủ.")
        report_send(by=officer_a, report=report, recipients="- Ban Tuyên giáo Đảng ủy Khối (để báo cáo);\n- Lưu VT.")
    return report


def download(client, report, kind="docx"):
    return client.get(reverse(f"reports:report_{kind}", args=[report.pk]))


def texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]


def test_the_signed_report_opens_in_word_as_a_party_report(client, tree, signed, officer_a):
    client.force_login(officer_a)
    response = download(client, signed)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-half-2026-a-v1.docx"'
    document = Document(io.BytesIO(response.content))
    head, annex, end = document.tables
    assert head.rows[0].cells[0].text.split("\n") == [
        "ĐẢNG ỦY BỘ TÀI CHÍNH", "BAN TUYÊN GIÁO", "*", "Số 12-BC/BTGĐU"]  # fmt: skip
    assert head.rows[0].cells[1].text.split("\n") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Hà Nội, ngày 18 tháng 6 năm 2026"]
    body = texts(document)
    assert body[:3] == [
        "BÁO CÁO",
        "Sơ kết công tác tuyên giáo 6 tháng đầu năm 2026, phương hướng, nhiệm vụ 6 tháng cuối năm 2026",
        "I. KẾT QUẢ THỰC HIỆN CÔNG TÁC TUYÊN GIÁO 6 THÁNG ĐẦU NĂM 2026",
    ]
    for heading in ("II. ĐÁNH GIÁ CHUNG", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2026",
                    "IV. ĐỀ XUẤT, KIẾN NGHỊ", "PHỤ LỤC SỐ LIỆU"):  # fmt: skip
        assert heading in body
        assert document.paragraphs[[p.text for p in document.paragraphs].index(heading)].runs[0].bold
    assert body[body.index("IV. ĐỀ XUẤT, KIẾN NGHỊ") + 1] == "Đề nghị mở lớp tập huấn cho cộng tác viên."
    assert any("24/25 đảng viên xây dựng kế hoạch làm theo, đạt 96%" in line for line in body)
    rows = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in annex.rows}
    assert rows["Chỉ thị 05 — Đảng viên có kế hoạch làm theo"] == ["24", "0", "", "0"]
    assert not any(label.startswith("Hoạt động") for label in rows)  # lines with nothing in any period are left out
    assert end.rows[0].cells[0].text.split("\n") == ["Nơi nhận:", "- Ban Tuyên giáo Đảng ủy Khối (để báo cáo);",
                                                     "- Lưu VT."]  # fmt: skip
    signature = [line for line in end.rows[0].cells[1].text.split("\n") if line]
    assert signature == ["TRƯỞNG BAN", "Nguyễn Văn An"]
    language = document.styles["Normal"].element.get_or_add_rPr().find(qn("w:lang"))
    assert language.get(qn("w:val")) == "vi-VN"
    assert document.core_properties.author == "Ban Tuyên giáo Đảng ủy Bộ Tài chính"


def test_a_deputy_signs_for_the_head_and_a_cell_signs_for_itself(tree, bloc_staff, officer_a):
    from reports.exports import signature

    Committee.objects.filter(pk=tree.a.pk).update(department_name="Ban Tuyên giáo Đảng ủy Bộ Tài chính")
    tree.a.refresh_from_db()
    deputy = make_staff("photruongban_a", tree.a, Role.LEADER, first_name="Bình", last_name="Lê")
    StaffProfile.objects.filter(user=deputy).update(position="Phó Trưởng Ban Tuyên giáo")
    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    report = report_start(by=officer_a, period=period, committee=tree.a)
    version = report.current
    version.signed_by = deputy
    assert signature(report, version) == Signature(
        position="PHÓ TRƯỞNG BAN", name="Lê Bình", authority="K/T TRƯỞNG BAN"
    )
    secretary = make_staff("bithu_a1", tree.a1, Role.LEADER, first_name="Cường", last_name="Trần")
    StaffProfile.objects.filter(user=secretary).update(position="Bí thư Chi bộ")
    cell = report_start(by=officer_a, period=period, committee=tree.a1)
    cell_version = cell.current
    cell_version.signed_by = secretary
    assert (signature(cell, cell_version).authority, signature(cell, cell_version).position) == ("T/M CHI BỘ", "BÍ THƯ")


def test_a_draft_downloads_with_its_number_left_for_the_clerk_and_live_figures(client, tree, bloc_staff, officer_a):
    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    cell = report_start(by=officer_a, period=period, committee=tree.a1)
    client.force_login(officer_a)
    document = Document(io.BytesIO(download(client, cell).content))
    superior_lines = document.tables[0].rows[0].cells[0].text.split("\n")
    assert superior_lines[:3] == ["ĐẢNG ỦY BỘ TÀI CHÍNH", "CHI BỘ VỤ TỔNG HỢP", "*"]  # the cell issues it itself
    assert superior_lines[3].startswith("Số ") and superior_lines[3].endswith("-BC/")
    end = [line for line in document.tables[-1].rows[0].cells[1].text.split("\n") if line]
    assert end[:2] == ["T/M CHI BỘ", "BÍ THƯ"]


def test_the_annex_workbook_has_a_sheet_per_section_and_the_committees_under_it_as_rows(
    client, tree, signed, officer_a, bloc_staff
):
    bloc = report_start(by=bloc_staff, period=signed.period, committee=tree.root)
    client.force_login(bloc_staff)
    response = download(client, bloc, "xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-phu-luc.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 12
    sheet = workbook[workbook.sheetnames[8]]  # Directive 05
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [tree.root.name, tree.a.name]  # A sent its report; B has none
    members = rows[0].index(next(header for header in rows[0] if header and "kế hoạch làm theo" in header.lower()))
    assert (rows[1][members], rows[2][members]) == (24, 24)


def test_a_sibling_downloads_nothing(client, signed, officer_b_sibling):
    client.force_login(officer_b_sibling)
    assert download(client, signed).status_code == 404
    assert download(client, signed, "xlsx").status_code == 404


def test_the_bloc_compiles_what_its_committees_signed_beside_its_live_figures(
    client, tree, signed, bloc_staff, officer_b_sibling
):
    from reports.selectors import compilation

    bloc = report_start(by=bloc_staff, period=signed.period, committee=tree.root)
    report_start(by=officer_b_sibling, period=signed.period, committee=tree.b)  # B started, signed nothing
    year_record(by=bloc_staff, committee=tree.b1, year=2026, theme="Chuyên đề", members_expected=30,
                members_with_plan=30)  # after A signed: live only  # fmt: skip
    client.force_login(bloc_staff)
    assert client.get(bloc.get_absolute_url()).context["receives"]
    page = client.get(reverse("reports:report_compiled", args=[bloc.pk]))
    assert page.status_code == 200
    compiled = page.context["compilation"]
    assert (compiled.signed, compiled.owed) == (1, 2)
    line = next(line for line in compiled.lines if line.label == "Đảng viên có kế hoạch làm theo")
    assert (line.compiled, line.live, line.difference) == (24, 54, 30)  # A signed 24; B1's 30 are live only
    assert compilation(bloc, {}).signed == 1  # with no live figures at all, each line's difference is negative
    assert all(line.difference <= 0 for line in compilation(bloc, {}).lines)
    client.force_login(officer_b_sibling)  # a sibling of A compiles nothing of the bloc's
    assert client.get(reverse("reports:report_compiled", args=[bloc.pk])).status_code == 404


def test_the_urging_letter_lists_the_committees_whose_report_has_not_come(client, tree, signed, bloc_staff):
    Committee.objects.filter(pk=tree.root.pk).update(department_name="Ban Tuyên giáo Đảng ủy Khối",
                                                     department_symbol="BTGĐUK")  # fmt: skip
    client.force_login(bloc_staff)
    period_page = client.get(reverse("reports:period_detail", args=[signed.period.pk]))
    assert 'id="urging-letter"' in period_page.text
    with time_machine.travel("2026-06-22 09:00 +0700", tick=False):
        response = client.get(reverse("reports:period_urging_letter", args=[signed.period.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    head, late, end = document.tables
    assert head.rows[0].cells[0].text.split("\n") == [
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG", "BAN TUYÊN GIÁO", "*", "Số      -CV/BTGĐUK",
        "V/v đôn đốc gửi báo cáo sơ kết công tác tuyên giáo 6 tháng đầu năm 2026"]  # fmt: skip
    body = texts(document)
    assert "Đến ngày 22 tháng 6 năm 2026, đã có 1/2 tổ chức đảng gửi báo cáo; còn 1 tổ chức đảng chưa gửi" in body[2]
    assert [[cell.text for cell in row.cells] for row in late.rows] == [
        ["STT", "Tổ chức đảng", "Tình trạng"], ["1", tree.b.name, "Chưa soạn"]]  # fmt: skip


def test_a_sibling_gets_no_urging_letter_of_a_branch_it_does_not_see(client, tree, signed, officer_b_sibling):
    client.force_login(officer_b_sibling)
    url = reverse("reports:period_urging_letter", args=[signed.period.pk])
    assert client.get(url, {"committee": tree.a.code}).status_code == 404


def test_the_compiled_page_and_the_workbook_cost_the_same_queries_with_more_reports_received(
    client, tree, signed, bloc_staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_committee

    bloc = report_start(by=bloc_staff, period=signed.period, committee=tree.root)
    client.force_login(bloc_staff)
    urls = [reverse("reports:report_compiled", args=[bloc.pk]), reverse("reports:report_xlsx", args=[bloc.pk])]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    for index in range(4):
        more = make_committee(tree.root, code=f"N{index}", name=f"Đảng ủy số {index}", kind="upper_grassroots")
        report_start(by=bloc_staff, period=signed.period, committee=more)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
