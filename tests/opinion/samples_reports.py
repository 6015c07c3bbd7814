from opinion.models import OpinionReport
from tests.factories import make_collaborator
from tests.opinion.factories_reports import make_report


def sibling_report(tree) -> OpinionReport:
    collaborator = make_collaborator(tree.b1, full_name="Người Bí mật Sibling")
    return make_report(collaborator, summary="Dư luận Bí mật Sibling về tiền lương")


def sibling_report_exists(tree):
    sibling_report(tree)


SAMPLES = {
    "opinion:report_list": sibling_report_exists,
    "opinion:report_create": None,
    "opinion:report_collaborator_search": None,
    "opinion:report_status": sibling_report_exists,
    "opinion:report_status_export": sibling_report_exists,
    "opinion:report_reporting": sibling_report_exists,
    "opinion:report_reporting_export": sibling_report_exists,
    "opinion:report_summary": sibling_report_exists,
    "opinion:report_summary_docx": None,
    "opinion:report_detail": lambda t: {"pk": sibling_report(t).pk},
    "opinion:report_update": lambda t: {"pk": sibling_report(t).pk},
}
