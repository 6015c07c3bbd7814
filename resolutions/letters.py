"""The urging letter (công văn đôn đốc) a department sends the committees late with a campaign's steps, written from
the progress board it is looking at, in party document layout (``core.party_layout``), ready to sign. It is a
Vietnamese document whatever language its reader's pages are in."""

from datetime import date, timedelta

from django.utils import translation

from committees.selectors import department_head, department_head_name, place_of
from core.formatting import document_date, number
from core.party_layout import Head, PartyDocument, Signature, blank_number
from resolutions.selectors.campaigns import Board, late_lines

REPLY_DAYS = 7  # the committees urged report back within a week


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def urging_letter(board: Board, *, today: date) -> bytes:
    with translation.override("vi"):
        return _letter(board, today)


def _letter(board: Board, today: date) -> bytes:
    campaign, committee = board.campaign, board.committee
    superior, department = department_head(committee)
    symbol = committee.department_symbol or committee.document_symbol
    documents = ", ".join(document.citation for document in campaign.documents.order_by("issued_on", "pk"))
    head = Head(
        superior=superior, issuer=department, number=blank_number("CV", symbol),
        place_date=document_date(today, place_of(committee)), subject=f"V/v đôn đốc {_lower_first(campaign.title)}",
    )  # fmt: skip
    letter = PartyDocument(head, author=committee.department_name or committee.name)
    letter.addressed("Các tổ chức đảng có tên tại danh sách dưới đây")
    full_name = committee.department_name or committee.name
    letter.paragraph(
        f"Thực hiện {documents}; theo kế hoạch của {campaign.committee.name} về {_lower_first(campaign.title)} "
        f"(bắt đầu từ {document_date(campaign.starts_on)}), {full_name} đã theo dõi tiến độ thực hiện các bước "
        f"của các tổ chức đảng."
    )
    lines = late_lines(board)
    letter.paragraph(
        f"Đến {document_date(today)}, còn {number(len(lines))} tổ chức đảng chưa hoàn thành các bước đã đến hạn, "
        f"cụ thể như sau (trong ngoặc: số tổ chức đảng chưa thực hiện):"
    )
    letter.table(
        ["STT", "Tổ chức đảng", "Bước chưa hoàn thành"],
        [(number(index), line.committee, line.written()) for index, line in enumerate(lines, start=1)],
    )
    letter.paragraph(
        f"{full_name} đề nghị các cấp ủy khẩn trương chỉ đạo hoàn thành các bước còn lại, cập nhật kết quả kèm "
        f"văn bản, tài liệu minh chứng trên hệ thống trước {document_date(today + timedelta(days=REPLY_DAYS))}."
    )
    letter.paragraph("Trân trọng!")
    letter.end(
        recipients=["Như trên;", f"Thường trực {committee.name} (để báo cáo);", "Lưu VT."],
        signature=Signature(position="TRƯỞNG BAN", name=department_head_name(committee)),
    )
    return letter.bytes()
