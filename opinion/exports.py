"""The monthly summary as a Word document the department can edit and sign."""

from io import BytesIO

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from committees.selectors import place_of
from core.formatting import document_date
from opinion.summaries import MonthlySummary


def _table(document, heading: str, rows, total: int | None) -> None:
    """A table of counts; with ``total``, each row's share of it too."""
    document.add_heading(heading, level=2)
    titles = ["", _("Reports"), _("Share")] if total is not None else ["", _("Reports")]
    table = document.add_table(rows=1, cols=len(titles))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, titles, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        cells[0].text = row.label
        cells[1].text = number_format(row.count, force_grouping=True)
        if total is not None:
            cells[2].text = f"{number_format(row.share(total), 1)} %"


def summary_docx(summary: MonthlySummary) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    header = document.add_paragraph(summary.committee.department_name or summary.committee.name)
    header.alignment = WD_ALIGN_PARAGRAPH.LEFT
    dated = document.add_paragraph(document_date(timezone.localdate(), place_of(summary.committee)))
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = document.add_heading(_("Public opinion summary, %(month)s") % {"month": f"{summary.month:%m/%Y}"}, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(summary.committee.name).alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_paragraph(
        _(
            "In %(month)s the collaborators filed %(total)s reports, %(negative)s of them negative; "
            "%(hot)s point to a possible hot spot."
        )
        % {
            "month": f"{summary.month:%m/%Y}",
            "total": number_format(summary.total, force_grouping=True),
            "negative": number_format(summary.negative, force_grouping=True),
            "hot": number_format(summary.hot_spots, force_grouping=True),
        }
    )
    _table(document, _("By topic"), summary.by_topic, summary.total)
    _table(document, _("By sentiment"), summary.by_sentiment, summary.total)
    if summary.by_branch:
        _table(document, _("By committee"), summary.by_branch, summary.total)
    _table(document, _("The last twelve months"), summary.trend, None)

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
