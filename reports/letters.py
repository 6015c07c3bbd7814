"""The urging letter (công văn đôn đốc) a department sends the committees under it whose report for a period has
not come, written from the list of reports owed it is looking at, in party document layout, ready to sign. It is a
Vietnamese document whatever language its reader's pages are in."""

from datetime import date, timedelta

from django.utils import translation

from committees.selectors import issuing_head, place_of, signature_of
from core.formatting import cited_date, document_date, number
from core.party_layout import Head, PartyDocument, blank_number
from reports.narrative import summary_line
from reports.selectors import Board

REPLY_DAYS = 3  # the committees urged send their report within three days


def urging_letter(board: Board, *, today: date) -> bytes:
    with translation.override("vi"):
        return _letter(board, today)


def _letter(board: Board, today: date) -> bytes:
    period, committee = board.period, board.committee
    superior, issuer, symbol = issuing_head(committee)
    subject = summary_line(period).split(",")[0]
    head = Head(
        superior=superior, issuer=issuer, number=blank_number("CV", symbol),
        place_date=document_date(today, place_of(committee)),
        subject=f"V/v đôn đốc gửi báo cáo {subject[:1].lower()}{subject[1:]}",
    )  # fmt: skip
    letter = PartyDocument(head, author=committee.department_name or committee.name)
    letter.addressed("Các tổ chức đảng có tên tại danh sách dưới đây")
    basis = f"Thực hiện {period.guidance.citation}, " if period.guidance else ""
    letter.paragraph(
        f"{basis}{committee.department_name or committee.name} đã đề nghị các tổ chức đảng gửi báo cáo "
        f"{subject[:1].lower()}{subject[1:]} trước ngày {cited_date(period.deadline)}."
    )
    rows = [row for row in board.rows if not row.submitted]
    letter.paragraph(
        f"Đến {document_date(today)}, đã có {number(board.submitted)}/{number(board.owed)} tổ chức đảng gửi báo cáo; "
        f"còn {number(len(rows))} tổ chức đảng chưa gửi, cụ thể như sau:"
    )
    letter.table(
        ["STT", "Tổ chức đảng", "Tình trạng"],
        [(number(index), row.committee.name, row.status_label) for index, row in enumerate(rows, start=1)],
    )
    letter.paragraph(
        f"Đề nghị các cấp ủy khẩn trương hoàn thành, ký và gửi báo cáo trên hệ thống trước "
        f"{document_date(today + timedelta(days=REPLY_DAYS))}."
    )
    letter.paragraph("Trân trọng!")
    letter.end(
        recipients=["Như trên;", f"Thường trực {committee.name} (để báo cáo);", "Lưu VT."],
        signature=signature_of(committee),
    )
    return letter.bytes()
