from resolutions.admin import (  # noqa: F401
    activities,
    campaigns,
    commendations,
    directive05,
    documents,
    inspections,
    publications,
)
