from resolutions.models.activities import Activity, ActivityKind
from resolutions.models.campaigns import (
    Campaign,
    CampaignStep,
    CampaignTarget,
    ConnectionPoint,
    StepEvidence,
    StepKind,
    StepReport,
    StepStatus,
    StudyFormat,
    Urging,
)
from resolutions.models.commendations import Commendation, Honoree, QualityRating
from resolutions.models.directive05 import CriteriaVersion, Criterion, ExemplaryModel, FollowUpYear
from resolutions.models.documents import (
    DocumentFile,
    DocumentKind,
    DocumentRelation,
    Organ,
    PartyDocument,
    RelationKind,
)
from resolutions.models.inspections import Inspection
from resolutions.models.publications import Publication
from resolutions.models.tallies import CampaignTally, Directive05Tally

__all__ = [
    "Activity", "ActivityKind", "Campaign", "CampaignStep", "CampaignTally", "CampaignTarget", "Commendation",
    "ConnectionPoint", "CriteriaVersion", "Criterion", "Directive05Tally", "DocumentFile", "DocumentKind",
    "DocumentRelation", "ExemplaryModel", "FollowUpYear", "Honoree", "Inspection", "Organ", "PartyDocument",
    "Publication", "QualityRating", "RelationKind", "StepEvidence", "StepKind", "StepReport", "StepStatus",
    "StudyFormat", "Urging",
]  # fmt: skip
