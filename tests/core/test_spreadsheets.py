"""The CSV and XLSX writers of large exports: files that Excel, openpyxl and the import read back as written."""

import csv
import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from core import spreadsheets
from core.imports import read_table
from core.spreadsheets import csv_chunks, write_xlsx

HEADERS = ["Mã số", "Họ và tên", "Ngày", "Ghi chú"]


def test_a_csv_comes_in_chunks_that_make_excels_csv_utf8(monkeypatch):
    monkeypatch.setattr(spreadsheets, "ROWS_PER_CHUNK", 2)
    rows = [[1, "Đặng Thị Hà", "05/02/2025", 'có "dấu", phẩy'], [2, "An", "", None], [3, "Bình\nxuống dòng", "", ""]]
    chunks = list(csv_chunks(HEADERS, iter(rows)))
    assert len(chunks) == 2
    expected = io.StringIO()
    csv.writer(expected).writerows([HEADERS, *rows])
    assert b"".join(chunks) == b"\xef\xbb\xbf" + expected.getvalue().encode("utf-8")
    assert b"".join(chunks).count(b"\r\n") == 4  # rows end with CRLF; a line break inside a cell stays as typed


def test_a_csv_of_no_rows_is_its_header():
    assert b"".join(csv_chunks(["a", "b"], [])) == b"\xef\xbb\xbfa,b\r\n"


def xlsx_rows(data: bytes, read_only=False):
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only)
    return workbook.active, [[cell.value for cell in row] for row in workbook.active.iter_rows()]


def test_a_workbook_holds_text_numbers_and_dates_as_such(monkeypatch):
    monkeypatch.setattr(spreadsheets, "ROWS_PER_CHUNK", 2)
    rows = [
        [1, "Đặng Thị Hà", date(2025, 2, 5), None],
        [2, "<b>Tom & Jerry</b>", date(1900, 1, 15), "  lề hai bên  "],
        [3, "=1+1", date(2026, 12, 31), True],
        [4, "", None, 2.5],
    ]
    data = write_xlsx(HEADERS, iter(rows), title="Cộng tác viên")
    for read_only in (False, True):
        sheet, read = xlsx_rows(data, read_only=read_only)
        assert sheet.title == "Cộng tác viên"
        assert read == [
            HEADERS,
            [1, "Đặng Thị Hà", datetime(2025, 2, 5), None],
            [2, "<b>Tom & Jerry</b>", datetime(1900, 1, 15), "  lề hai bên  "],
            [3, "=1+1", datetime(2026, 12, 31), True],
            [4, None, None, 2.5],
        ]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["C2"].is_date and sheet["C2"].number_format == "DD/MM/YYYY"
    assert sheet["B4"].data_type == "s"  # text, never a formula
    assert sheet["B4"].value == "=1+1"  # and without the apostrophe a CSV needs


def test_a_workbook_has_a_bold_header_with_filters_and_columns_as_wide_as_their_text():
    long = "Cán bộ, đảng viên quan tâm chính sách tiền lương mới và lộ trình cải cách " * 3
    data = write_xlsx(
        HEADERS, [[1, "Hà", date(2026, 3, 2), long], [22, "Nguyễn Thị Thanh Hương", None, "x"]], title="x"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].font.b and sheet["D1"].font.b and not sheet["A2"].font.b
    assert sheet.auto_filter.ref == "A1:D3"
    widths = [sheet.column_dimensions[column].width for column in "ABCD"]
    assert widths[1] >= len("Nguyễn Thị Thanh Hương") and widths[2] >= 10  # a name and a date read whole
    assert widths[3] <= 61  # a long text wraps rather than making its column a screen wide


def test_a_workbook_is_read_back_by_the_import_with_every_row_as_wide_as_the_header():
    data = write_xlsx(HEADERS, [[1, "Hà", None, None], [None, None, None, None], [3, None, None, "x"]], title="x")
    dataset = read_table(data, "xlsx", max_rows=100)
    assert dataset.headers == HEADERS
    assert [list(row) for row in dataset] == [[1, "Hà", None, None], [None] * 4, [3, None, None, "x"]]
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet.calculate_dimension() == "A1:D4"


def test_a_workbook_of_no_rows_has_its_header_only():
    data = write_xlsx(HEADERS, [], title="Cộng tác viên")
    assert xlsx_rows(data, read_only=True)[1] == [HEADERS]
    assert len(read_table(data, "xlsx", max_rows=100)) == 0


def test_characters_xml_cannot_hold_are_left_out_of_a_cell():
    data = write_xlsx(["a", "b"], [["bell\x07 and\x00 nul", "tab\tand\nnewline"]], title="x")
    assert xlsx_rows(data)[1][1] == ["bell and nul", "tab\tand\nnewline"]


def test_a_sheet_title_excel_would_refuse_is_made_acceptable():
    data = write_xlsx(["a"], [], title='Tháng 3/2026: "báo cáo" [tổng hợp] của cả Đảng bộ Khối')
    assert xlsx_rows(data)[0].title == 'Tháng 3 2026  "báo cáo"  tổng h'  # no / : [ ], at most 31 characters


def test_a_value_of_another_type_is_refused_rather_than_written_wrong():
    with pytest.raises(TypeError):
        write_xlsx(["a"], [[datetime(2026, 3, 15, 8, 30)]], title="x")


def test_the_package_has_the_parts_excel_requires():
    with zipfile.ZipFile(io.BytesIO(write_xlsx(["a"], [[1]], title="x"))) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {"_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} <= set(names)
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.index("<dimension") < sheet.index("<sheetViews") < sheet.index("<sheetData")


def test_text_a_spreadsheet_would_run_is_written_as_text_in_a_csv():
    rows = [['=HYPERLINK("http://x.example","bấm")', "@SUM(A1)", "-5", "+84 912 345 678", "-x", "Bình thường"]]
    written = b"".join(csv_chunks(["a", "b", "c", "d", "e", "f"], rows)).decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(written.splitlines()[1]))) == [
        '\'=HYPERLINK("http://x.example","bấm")',
        "'@SUM(A1)",
        "-5",
        "+84 912 345 678",
        "'-x",
        "Bình thường",
    ]
