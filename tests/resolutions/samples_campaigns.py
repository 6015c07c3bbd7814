"""How the campaigns' URLs are reached for a record of the sibling committee B (see tests/test_url_access.py)."""

from datetime import date

from committees.models import Committee
from resolutions.models import CampaignTarget
from resolutions.services.campaigns import campaign_start
from tests.resolutions.factories_documents import make_document


def sibling_campaign(tree):
    """B's own campaign for its cells (the sibling's, titled so that a page showing it is caught)."""
    document = make_document(tree.b, number="07-NQ/ĐU", issued_on=date(2026, 1, 5))
    return campaign_start(
        by=None, committee=tree.b, title="Đợt học tập Bí mật Sibling", starts_on=date(2026, 2, 1), documents=[document],
        steps=[(Committee.Kind.GRASSROOTS_CELL, "members", 30)],
    )  # fmt: skip


def sibling_campaign_exists(tree):
    sibling_campaign(tree)


def sibling_target(tree) -> CampaignTarget:
    return sibling_campaign(tree).targets.get(committee=tree.b1)


SAMPLES = {
    "resolutions:campaign_list": sibling_campaign_exists,
    "resolutions:campaign_start": sibling_campaign_exists,
    "resolutions:campaign_detail": lambda t: {"pk": sibling_campaign(t).pk},
    "resolutions:campaign_board_export": lambda t: {"pk": sibling_campaign(t).pk},
    "resolutions:campaign_targets": lambda t: {"pk": sibling_campaign(t).pk},
    "resolutions:campaign_steps": lambda t: {"pk": sibling_campaign(t).pk},
    "resolutions:campaign_urging_letter": lambda t: {"pk": sibling_campaign(t).pk},
    "resolutions:campaign_target": lambda t: {"pk": sibling_target(t).pk},
    "resolutions:campaign_urging": lambda t: {"pk": sibling_target(t).pk},
    "resolutions:step_report": lambda t: (target := sibling_target(t)) and {
        "pk": target.pk, "step": target.campaign.steps.get().pk
    },
}  # fmt: skip


def sibling_evidence(tree):
    from resolutions.models import StepEvidence, StepReport
    from tests.factories import UserFactory

    target = sibling_target(tree)
    report = StepReport.objects.create(target=target, step=target.campaign.steps.get(), done_on=date(2026, 2, 10))
    # A row is enough: the file is never reached when the report is outside the reader's scope.
    return StepEvidence.objects.create(
        report=report, title="Biên bản Bí mật Sibling", file="campaigns/2026/02/bien-ban.pdf",
        content_type="application/pdf", size=1000, uploaded_by=UserFactory(username="uploader_b"),
    )  # fmt: skip


SAMPLES["resolutions:step_evidence_download"] = lambda t: {"pk": sibling_evidence(t).pk}
