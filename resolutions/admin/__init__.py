from resolutions.admin import activities, campaigns, documents  # noqa: F401
