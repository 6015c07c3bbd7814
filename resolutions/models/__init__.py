from resolutions.models.campaigns import (
    Campaign,
    CampaignStep,
    CampaignTarget,
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

__all__ = [
    "Campaign", "CampaignStep", "CampaignTarget", "DocumentFile", "DocumentKind", "DocumentRelation", "Organ",
    "PartyDocument", "RelationKind", "StepKind", "StepReport", "StepStatus", "StudyFormat",
]  # fmt: skip
