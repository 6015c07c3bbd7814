from resolutions.models.campaigns import (
    Campaign,
    CampaignStep,
    CampaignTarget,
    StepEvidence,
    StepKind,
    StepReport,
    StepStatus,
    StudyFormat,
)
from resolutions.models.documents import (
    DocumentFile,
    DocumentKind,
    DocumentRelation,
    Organ,
    PartyDocument,
    RelationKind,
)
from resolutions.models.tallies import CampaignTally

__all__ = [
    "Campaign", "CampaignStep", "CampaignTally", "CampaignTarget", "DocumentFile", "DocumentKind", "DocumentRelation",
    "Organ", "PartyDocument", "RelationKind", "StepEvidence", "StepKind", "StepReport", "StepStatus", "StudyFormat",
]  # fmt: skip
