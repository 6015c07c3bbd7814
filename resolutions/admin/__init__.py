from resolutions.admin import activities, campaigns, commendations, documents, inspections, publications  # noqa: F401
