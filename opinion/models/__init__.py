from opinion.models.briefings import Briefing, BriefingInvitation, BriefingSchedule
from opinion.models.collaborators import Collaborator, CollaboratorStatusChange
from opinion.models.concerns import Concern, ConcernTransition, Dialogue
from opinion.models.hotspots import HotSpot, HotSpotFollowUp
from opinion.models.reports import OpinionReport, Topic
from opinion.models.tallies import (
    CollaboratorAttendance,
    CommitteeAttendance,
    ReporterYear,
    ReportMonth,
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
    "ReportMonth",
    "ReportTopicMonth",
    "Topic",
    "Training",
    "TrainingAttendance",
    "TrainingMaterial",
]
