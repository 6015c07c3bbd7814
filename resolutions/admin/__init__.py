from resolutions.admin import activities, campaigns, commendations, documents, publications  # noqa: F401
