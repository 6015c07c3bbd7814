"""Uploaded tables read with their limits applied while reading (core.imports)."""

import io

import openpyxl
import pytest
from django.utils import translation

from core import imports
from core.imports import read_table, repeated


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_a_csv_and_a_workbook_read_the_same():
    rows = [["code", "name"], ["A1", "Chi bộ Vụ Tổng hợp"], ["A2", None]]
    from_xlsx = read_table(workbook(rows), "xlsx", max_rows=10)
    from_csv = read_table("code,name\nA1,Chi bộ Vụ Tổng hợp\nA2,\n".encode(), "csv", max_rows=10)
    assert from_xlsx.headers == from_csv.headers == ["code", "name"]
    assert list(from_xlsx) == [("A1", "Chi bộ Vụ Tổng hợp"), ("A2", None)]
    assert list(from_csv) == [("A1", "Chi bộ Vụ Tổng hợp"), ("A2", "")]


def test_reading_stops_at_the_first_row_over_the_limit(monkeypatch):
    read = []

    def counted(data):
        for row in imports.csv.reader(io.StringIO(data)):
            read.append(row)
            yield row

    monkeypatch.setattr(imports, "_csv_rows", counted)
    text = "a\n" + "x\n" * 100_000
    with pytest.raises(ValueError, match="more than 5,000 rows"):
        read_table(text, "csv", max_rows=5000)
    assert len(read) == 5002  # the header, the rows allowed and the one too many: not the other 94,998


def test_blank_rows_below_the_table_are_not_rows_and_a_long_run_of_them_ends_it():
    rows = [["a"], ["1"], [None], ["2"], *([None] for _ in range(300)), ["far below"]]
    assert list(read_table(workbook(rows), "xlsx", max_rows=10)) == [("1",), (None,), ("2",)]


def test_a_row_shorter_than_the_header_is_filled_and_one_with_values_beyond_it_refused():
    assert list(read_table(b"a,b,c\n1\n", "csv", max_rows=10)) == [("1", None, None)]
    with pytest.raises(ValueError, match="beyond the last column"):
        read_table(b"a,b\n1,2,3\n", "csv", max_rows=10)


def test_a_workbook_that_would_unpack_too_large_is_refused_unopened(monkeypatch):
    monkeypatch.setattr(imports, "MAX_UNPACKED", 1000)
    with pytest.raises(ValueError, match="too large once unpacked"):
        read_table(workbook([["a"], ["1"]]), "xlsx", max_rows=10)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not a zip", b"\x00" * 100])
def test_what_is_not_a_workbook_is_refused_with_a_message(data):
    with pytest.raises(ValueError, match="could not be read"):
        read_table(data, "xlsx", max_rows=10)


def test_the_rows_that_repeat_an_earlier_one():
    assert repeated(["A", "B", "A", None, None, "B", "A"]) == {2: 0, 5: 1, 6: 0}
