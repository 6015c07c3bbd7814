from resolutions.admin import activities, campaigns, commendations, documents  # noqa: F401
