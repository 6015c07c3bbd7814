from opinion.models.briefings import Briefing, BriefingInvitation, BriefingSchedule
from opinion.models.collaborators import Collaborator, CollaboratorStatusChange
from opinion.models.concerns import Concern, ConcernTransition, Dialogue
from opinion.models.hotspots import HotSpot, HotSpotFollowUp
from opinion.models.reports import OpinionReport, Topic
from opinion.models.tallies import (
    CollaboratorAttendance,
    CommitteeAttendance,
    ReportDay,
    ReporterYear,
    ReportMonth,
    ReportTopicDay,
    ReportTopicMonth,
)
from opinion.models.trainings import Training, TrainingAttendance, TrainingMaterial

__all__ = [
    "Briefing",
    "BriefingInvitation",
    "BriefingSchedule",
    "Collaborator",
    "CollaboratorAttendance",
    "CollaboratorStatusChange",
    "CommitteeAttendance",
    "Concern",
    "ConcernTransition",
    "Dialogue",
    "HotSpot",
    "HotSpotFollowUp",
    "OpinionReport",
    "ReporterYear",
    "ReportDay",
    "ReportMonth",
    "ReportTopicDay",
    "ReportTopicMonth",
    "Topic",
    "Training",
    "TrainingAttendance",
    "TrainingMaterial",
]
