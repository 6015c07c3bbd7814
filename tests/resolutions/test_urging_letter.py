"""The urging letter: the committees late with a step under the chosen committee, in party document layout, parsed
back from the Word file as its recipients would read it."""

import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from committees.models import Committee, StaffProfile
from committees.scoping import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db
ON_10_MAY = "2026-05-10 09:00 +0700"  # the members' step (due 30/04) is overdue, the reflections' (15/05) not yet


@pytest.fixture(autouse=True)
def department(tree):
    Committee.objects.filter(pk=tree.root.pk).update(
        department_name="Ban Tuyên giáo Đảng ủy Khối", department_symbol="BTGĐUK"
    )


def letter(client, campaign, **params) -> Document:
    response = client.get(reverse("resolutions:campaign_urging_letter", args=[campaign.pk]), params)
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert response["Content-Disposition"].startswith('attachment; filename="cong-van-don-doc-')
    return Document(io.BytesIO(response.content))


def texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]


def cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_letter_lists_the_late_committees_and_their_missing_steps_under_a_party_head(
    client, tree, campaign, bloc_staff
):
    signer = make_staff("truongban", tree.root, Role.LEADER, first_name="An", last_name="Nguyễn Văn")
    StaffProfile.objects.filter(user=signer).update(position="Trưởng Ban Tuyên giáo")
    client.force_login(bloc_staff)
    with time_machine.travel(ON_10_MAY, tick=False):
        document = letter(client, campaign)
    head, late, end = document.tables
    assert cells(head)[0][0].split("\n") == [
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG", "BAN TUYÊN GIÁO", "*", "Số      -CV/BTGĐUK",
        "V/v đôn đốc học tập",
    ]  # fmt: skip
    assert cells(head)[0][1].split("\n") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Hà Nội, ngày 10 tháng 5 năm 2026"]
    body = texts(document)
    assert body[0] == "Kính gửi: Các tổ chức đảng có tên tại danh sách dưới đây"
    assert "Đến ngày 10 tháng 5 năm 2026, còn 3 tổ chức đảng chưa hoàn thành" in body[2]
    rows = cells(late)
    assert rows[0] == ["STT", "Tổ chức đảng", "Bước chưa hoàn thành"]
    named = {row[1]: row[2] for row in rows[1:]}
    # C attended the key cadres' conference above; A did its plan; B1 said its members' study does not apply.
    assert named["Chi bộ cơ sở Văn phòng"] == (
        "Thông báo nhanh kết quả Hội nghị (1); Kế hoạch hoặc công văn triệu tập (1); Học tập cho đảng viên (1); "
        "Tuyên truyền (1)"
    )
    assert "Học tập cho đảng viên (3)" in named["Đảng ủy Bộ Tài chính"]  # A, A2 and A2P; A1 on time, A2C late
    assert "Học tập cho đảng viên (1)" in named["Đảng ủy Ngân hàng Nhà nước"]  # B; B1 does not apply
    assert "Viết bài thu hoạch" not in " ".join(named.values())  # not due before 15/05
    signature = cells(end)[0]
    assert signature[0].split("\n")[:2] == ["Nơi nhận:", "- Như trên;"]
    assert signature[1].split("\n")[0] == "TRƯỞNG BAN" and signature[1].split("\n")[-1] == signer.get_full_name()


def test_the_letter_is_a4_in_times_new_roman_marked_vietnamese_with_page_numbers_from_page_two(
    client, tree, campaign, bloc_staff
):
    client.force_login(bloc_staff)
    with time_machine.travel(ON_10_MAY, tick=False):
        document = letter(client, campaign)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and section.different_first_page_header_footer
    assert section.header.paragraphs[0]._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    properties = document.core_properties
    assert properties.language == "vi-VN" and properties.author == "Ban Tuyên giáo Đảng ủy Khối"
    assert properties.created.date().isoformat() == "2026-05-10"


def test_an_officer_urges_their_own_branch_and_a_sibling_branch_is_not_found(client, tree, campaign, officer_a):
    client.force_login(officer_a)
    with time_machine.travel(ON_10_MAY, tick=False):
        document = letter(client, campaign)
        url = reverse("resolutions:campaign_urging_letter", args=[campaign.pk])
        assert client.get(url, {"committee": "B"}).status_code == 404
    named = [row[1] for row in cells(document.tables[1])[1:]]
    assert named == ["Đảng ủy Bộ Tài chính", "Chi bộ Vụ Tổng hợp", "Đảng bộ Cục Thuế"]
    assert tree.b.name not in "\n".join(texts(document) + named)


def test_with_nobody_late_there_is_no_letter_but_a_message(client, tree, campaign, bloc_staff):
    client.force_login(bloc_staff)
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False):  # nothing is due yet
        response = client.get(reverse("resolutions:campaign_urging_letter", args=[campaign.pk]), follow=True)
    assert response.redirect_chain[-1][0].startswith(campaign.get_absolute_url())
    assert "Không có tổ chức đảng nào chậm thực hiện các bước: không cần đôn đốc." in response.text
