from resolutions.admin import campaigns, documents  # noqa: F401
