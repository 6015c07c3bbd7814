"""The monthly summary of public opinion as a Word document the department can edit and sign: a report in party
layout (``core.party_layout``), Vietnamese whatever the language of the page it was downloaded from."""

from django.utils import timezone, translation

from committees.selectors import issuing_head, place_of, signature_of
from core.formatting import document_date, number
from core.party_layout import Head, PartyDocument, blank_number
from opinion.summaries import MonthlySummary


def _table(document: PartyDocument, heading: str, rows, total: int | None) -> None:
    """A table of counts; with ``total``, each row's share of it too."""
    document.section(heading)
    headers = ["Nội dung", "Số báo cáo", "Tỷ lệ"] if total is not None else ["Tháng", "Số báo cáo"]
    lines = []
    for row in rows:
        line = [str(row.label), number(row.count, document=True)]
        if total is not None:
            line.append(f"{number(row.share(total), decimals=1, document=True)}%")
        lines.append(line)
    document.table(headers, lines, numbers_from=1)


def summary_docx(summary: MonthlySummary) -> bytes:
    with translation.override("vi"):
        return _docx(summary)


def _docx(summary: MonthlySummary) -> bytes:
    committee, month = summary.committee, f"{summary.month.month}/{summary.month.year}"
    superior, issuer, symbol = issuing_head(committee)
    head = Head(superior=superior, issuer=issuer, number=blank_number("BC", symbol),
                place_date=document_date(timezone.localdate(), place_of(committee)))  # fmt: skip
    document = PartyDocument(head, kind="BÁO CÁO", summary=f"Tình hình tư tưởng, dư luận xã hội tháng {month}",
                             author=committee.department_name or committee.name)  # fmt: skip
    document.paragraph(
        f"Trong tháng {month}, đội ngũ cộng tác viên dư luận xã hội của {committee.name} đã gửi "
        f"{number(summary.total, document=True)} báo cáo, trong đó {number(summary.negative, document=True)} ý kiến "
        f"có chiều hướng tiêu cực; {number(summary.hot_spots, document=True)} báo cáo có dấu hiệu điểm nóng."
    )
    _table(document, "1. Theo chủ đề", summary.by_topic, summary.total)
    _table(document, "2. Theo chiều hướng", summary.by_sentiment, summary.total)
    if summary.by_branch:
        _table(document, "3. Theo tổ chức đảng", summary.by_branch, summary.total)
    _table(document, f"{4 if summary.by_branch else 3}. Mười hai tháng gần nhất", summary.trend, None)
    parent = "Ban Tuyên giáo cấp trên (để báo cáo);" if committee.depth > 1 else "Cấp trên (để báo cáo);"
    document.end(recipients=[parent, "Lưu VT."],
                 signature=signature_of(committee))  # fmt: skip
    return document.bytes()
