# Admin registrations, one module per area.
from opinion.admin import briefings, collaborators, concerns, hotspots, reports, trainings  # noqa: F401
