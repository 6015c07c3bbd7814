# The committee picker's suggestions: without a query, the top of the user's scope (never the sibling branch).
SAMPLES = {
    "committees:suggest": None,
}
