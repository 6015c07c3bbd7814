"""Party documents for the tests."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from resolutions.models import DocumentFile, DocumentKind, Organ, PartyDocument
from resolutions.services import documents as services
from tests.opinion.factories_trainings import pdf_bytes


def make_document(committee, number="05-NQ/ĐUK", **fields) -> PartyDocument:
    fields.setdefault("kind", DocumentKind.RESOLUTION)
    fields.setdefault("issued_on", date(2017, 3, 20))
    fields.setdefault("organ", Organ.EXECUTIVE)
    fields.setdefault("issuer", f"Ban Chấp hành {committee.name}")
    fields.setdefault("title", "đổi mới công tác tư tưởng")
    document = PartyDocument(committee=committee, number=number, **fields)
    document.save()
    return document


def make_file(document, by, *, title="Toàn văn") -> DocumentFile:
    upload = SimpleUploadedFile("toan-van.pdf", pdf_bytes())
    return services.document_file_add(document=document, by=by, title=title, file=upload)


def _admin_document():
    from committees.models import Committee
    from tests.factories import make_committee

    committee = Committee.objects.first() or make_committee(None, code="ADM", name="Đảng bộ")
    return make_document(committee)


ADMIN_MAKERS = {"resolutions.PartyDocument": _admin_document}


def _admin_campaign():
    from datetime import date

    from committees.models import Committee
    from resolutions.services.campaigns import campaign_start

    document = _admin_document()
    root = Committee.objects.filter(depth=1).first() or document.committee
    steps = [(Committee.Kind.UPPER_GRASSROOTS, "plan", 10)]
    return campaign_start(by=None, committee=root, title="Học tập", starts_on=date(2026, 3, 1), documents=[document],
                          steps=steps)  # fmt: skip


ADMIN_MAKERS["resolutions.Campaign"] = _admin_campaign


def _admin_activity():
    from datetime import date

    from resolutions.models import Activity, ActivityKind

    committee = _admin_document().committee
    return Activity.objects.create(
        committee=committee, kind=ActivityKind.CONFERENCE, held_on=date(2026, 6, 20), title="Hội nghị sơ kết"
    )


ADMIN_MAKERS["resolutions.Activity"] = _admin_activity


def _admin_commendation():
    from datetime import date

    from resolutions.models import Commendation, Honoree

    committee = _admin_document().committee
    return Commendation.objects.create(
        committee=committee, honoree=Honoree.MEMBER, member_name="Nguyễn Văn Mẫu", title="Đảng viên tiêu biểu",
        year=2026, awarded_by=committee, issuer="Ban Thường vụ", decision_number="1-QĐ", decision_date=date(2026, 5, 1),
    )  # fmt: skip


ADMIN_MAKERS["resolutions.Commendation"] = _admin_commendation


def _admin_publication():
    from datetime import date

    from resolutions.models import Publication

    committee = _admin_document().committee
    return Publication.objects.create(committee=committee, title="Tuyển tập", publisher="Ban Tuyên giáo",
                                      published_on=date(2026, 6, 1))  # fmt: skip


ADMIN_MAKERS["resolutions.Publication"] = _admin_publication


def _admin_inspection():
    from datetime import date

    from committees.models import Committee
    from resolutions.models import Inspection
    from tests.factories import make_committee

    above = _admin_document().committee
    below = Committee.objects.filter(path__startswith=above.path, depth__gt=above.depth).first() or make_committee(
        above, code="ADM-1", name="Chi bộ kiểm tra"
    )
    return Inspection.objects.create(committee=below, inspected_by=above, subject="Kiểm tra Chỉ thị 05",
                                     planned_on=date(2026, 4, 1))  # fmt: skip


ADMIN_MAKERS["resolutions.Inspection"] = _admin_inspection


def _admin_quality_rating():
    from resolutions.models import QualityRating

    return QualityRating.objects.create(committee=_admin_document().committee, year=2025, rating="good")


ADMIN_MAKERS["resolutions.QualityRating"] = _admin_quality_rating


def _admin_followup_year():
    from resolutions.models import ExemplaryModel, FollowUpYear

    year = FollowUpYear.objects.create(committee=_admin_document().committee, year=2026, theme="Chuyên đề năm 2026",
                                       members_expected=10, members_with_plan=9)  # fmt: skip
    ExemplaryModel.objects.create(year_record=year, name="Mô hình “Dân vận khéo”")
    return year


ADMIN_MAKERS["resolutions.FollowUpYear"] = _admin_followup_year


def _admin_criteria_version():
    from datetime import date

    from resolutions.models import CriteriaVersion, Criterion

    version = CriteriaVersion.objects.create(committee=_admin_document().committee, adopted_on=date(2026, 1, 5))
    Criterion.objects.create(version=version, position=1, text="Trung thành với Đảng")
    return version


ADMIN_MAKERS["resolutions.CriteriaVersion"] = _admin_criteria_version
