"""The annual quality ratings are imported from the organisation department's list, all or nothing: a file with one
bad row imports nothing and names the row."""

import pytest
import tablib

from resolutions.models import QualityRating
from resolutions.resources import QualityRatingResource

pytestmark = pytest.mark.django_db


def table(*rows) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=["committee_code", "year", "rating"])


def test_a_list_with_values_or_wordings_is_imported(tree):
    result = QualityRatingResource().import_data(
        table(("A", "2025", "excellent"), ("A1", 2025, "Hoàn thành tốt nhiệm vụ"), ("B", "2025", "done")),
        dry_run=False,
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert dict(QualityRating.objects.values_list("committee__code", "rating")) == {
        "A": "excellent", "A1": "good", "B": "done",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (("ZZZ", "2025", "excellent"), "ZZZ"),  # no such committee
        (("A1", "2025", "xuất sắc lắm"), "xuất sắc lắm"),  # no such rating
        (("A1", "năm ngoái", "done"), ""),  # not a year
        (("A", "2025", "good"), "1"),  # A's 2025 again: row 1 has it
    ],
)
def test_a_list_with_one_bad_row_imports_nothing_and_names_the_row(tree, bad, message):
    result = QualityRatingResource().import_data(table(("A", "2025", "excellent"), bad), dry_run=False)
    assert result.has_validation_errors() or result.has_errors()
    assert not QualityRating.objects.exists()
    refused = [(row.number, str(row.error_dict)) for row in result.invalid_rows]
    refused += [(error.number, str(error.error)) for row in result.rows for error in row.errors]
    [(number, said)] = refused
    assert number == 2 and message in said


def test_the_admin_previews_a_list_and_refuses_one_with_a_bad_row(admin_client, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = "committee_code,year,rating\nA,2025,excellent\nB,2025,Hoàn thành nhiệm vụ\n".encode()
    bad = b"committee_code,year,rating\nA,2025,excellent\nZZZ,2025,done\n"
    url = "/admin/resolutions/qualityrating/import/"
    for data, refused in ((bad, True), (good, False)):
        page = admin_client.post(url, {"format": "0", "import_file": SimpleUploadedFile("xep-loai.csv", data)})
        assert page.status_code == 200
        assert ("Không có cấp ủy nào mang mã ZZZ." in page.content.decode()) is refused
    assert not QualityRating.objects.exists()  # a preview imports nothing
