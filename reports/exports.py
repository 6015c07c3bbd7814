"""A report as the files a department sends and files: the Word document in party layout (``core.party_layout``),
signed or as a draft, and its annex as a workbook — one sheet per section, the committee's own figures first and
then each committee under it that reports to it, from the figures it signed."""

from datetime import date

from django.utils import timezone, translation

from committees.selectors import issuing_head, place_of, signature_of
from core.formatting import document_date, number, percent
from core.party_layout import Head, PartyDocument, Signature, blank_number
from core.spreadsheets import write_xlsx_sheets
from reports.figures import SECTIONS, annex, dig, entries
from reports.models import Report, ReportVersion
from reports.narrative import outline, parts_of, summary_line
from reports.selectors import children_signed

KIND_SYMBOL = "BC"  # báo cáo


def document_number(version: ReportVersion, symbol: str) -> str:
    """ "Số 12-BC/BTGĐUK": the number the leader recorded, completed with the kind and symbol when given alone; left
    blank for the clerk on a draft."""
    recorded = version.document_number.strip()
    if not recorded:
        return blank_number(KIND_SYMBOL, symbol)
    return f"Số {recorded}" if "-" in recorded or not symbol else f"Số {recorded}-{KIND_SYMBOL}/{symbol}"


def signature(report: Report, version: ReportVersion) -> Signature:
    return signature_of(report.committee, version.signed_by)


def recipients_of(report: Report, version: ReportVersion) -> list[str]:
    listed = [line.strip().lstrip("-–• ").strip() for line in version.recipients.splitlines()]
    listed = [line for line in listed if line]
    if listed:
        return listed
    to = f"Ban Tuyên giáo {report.recipient.name} (để báo cáo);" if report.recipient else "Cấp trên (để báo cáo);"
    return [to, "Lưu VT."]


def report_docx(report: Report, version: ReportVersion, snapshot: dict, *, today: date | None = None) -> bytes:
    with translation.override("vi"):
        return _docx(report, version, snapshot, today or timezone.localdate())


def _docx(report: Report, version: ReportVersion, snapshot: dict, today: date) -> bytes:
    committee, period = report.committee, report.period
    superior, issuer, symbol = issuing_head(committee)
    head = Head(
        superior=superior, issuer=issuer, number=document_number(version, symbol),
        place_date=document_date(version.document_date or today, place_of(committee)),
    )  # fmt: skip
    document = PartyDocument(head, kind="BÁO CÁO", summary=summary_line(period),
                             author=committee.department_name or committee.name)  # fmt: skip
    texts = parts_of(version.narrative)
    for heading in outline(period):
        if heading.chapter:
            document.section(heading.chapter)
        if heading.heading:
            document.section(heading.heading)
        for paragraph in texts[heading.part.key].split("\n"):
            if paragraph.strip():
                document.paragraph(paragraph.strip())
    document.section("PHỤ LỤC SỐ LIỆU")
    document.paragraph(f"(Kèm theo báo cáo {period_name(report)} của {committee.name}; các chỉ tiêu không "
                       f"phát sinh trong cả ba kỳ không liệt kê, xem đầy đủ tại tệp Excel kèm theo)",
                       indent=False)  # fmt: skip
    document.table(
        ["Chỉ tiêu", "Kỳ báo cáo", "Cùng kỳ năm trước", "So sánh", "Kỳ trước"],
        [
            annex_row(line)
            for line in annex(snapshot, period.sections)
            if line.current or line.year_before or line.one_before
        ],
        numbers_from=1,
    )
    document.end(recipients=recipients_of(report, version), signature=signature(report, version))
    return document.bytes()


def period_name(report: Report) -> str:
    return summary_line(report.period).split(",")[0].replace("Sơ kết ", "sơ kết ").replace("Tổng kết ", "tổng kết ")


def annex_row(line) -> list[str]:
    change = percent(line.change, decimals=1, document=True) if line.change is not None else ""
    label = f"{line.section} — {line.label}"
    return [label, number(line.current, document=True), number(line.year_before, document=True), change,
            number(line.one_before, document=True)]  # fmt: skip


# --- The annex as a workbook -------------------------------------------------------------------------------------


def annex_xlsx(report: Report, snapshot: dict) -> bytes:
    """One sheet per section: the committee's own report first, then the committees that report to it."""
    with translation.override("vi"):
        children = children_signed(report)
        every = {"current": snapshot["current"], **{str(child.pk): f for child, f in children if f}}
        sheets = []
        for section in (each for each in SECTIONS if each.key in report.period.sections):
            lines = entries(section.key, every)
            headers = ["Tổ chức đảng", "Tình trạng", *(label for label, _path in lines)]
            rows = [[report.committee.name, str(report.get_status_display()),
                     *(dig(snapshot["current"][section.key], path) for _label, path in lines)]]  # fmt: skip
            for child, figures in children:
                values = [dig(figures.get(section.key, {}), path) if figures else None for _label, path in lines]
                rows.append([child.committee.name, "Đã ký" if figures else "Chưa ký", *values])
            sheets.append((str(section.title), headers, rows))
        return write_xlsx_sheets(sheets)
