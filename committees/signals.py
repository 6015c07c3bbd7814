"""What the committees app tells the apps that depend on it (it depends on none of them, so it cannot call them).

``committee_moved`` is sent by ``services.committee_move`` inside its transaction, once the subtree hangs under its
new parent, with ``committee`` (as it is now) and ``old_ancestor_ids`` (its ancestors before the move), so that an
app keeping figures of whole subtrees can move them from the old ancestors to the new ones.
"""

from django.dispatch import Signal

committee_moved = Signal()
