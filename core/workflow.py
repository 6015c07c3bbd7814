"""The one shape of every workflow (concerns, hot spots, briefings, campaign steps, half-year reports): a table of
actions, each with the statuses it may start from and the status it leads to, and one error for a refused step.

A service takes a step by asking ``workflow.target(action, current)`` (which refuses what the table does not allow),
then records it; a view offers ``workflow.actions(status)`` and shows a refused step on its form with ``as_form_error``.

Why not a state-machine library (django-fsm-2, viewflow.fsm): they put transitions on model methods guarded by
decorators and signals, where this project keeps every write in a service that locks the row, checks what the step
requires (an outcome, a reason) and records who took it; the table below is the part they would add, in a page.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class WorkflowError(ValidationError):
    """A step the workflow does not allow, or one taken without what it requires. Forms show it as their errors
    (field errors when it names fields), never as a server error."""


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str | None = None  # None: the status stays (editing, inviting)


class Workflow:
    def __init__(
        self, steps: Mapping[str, Step], *, status_labels: Mapping[str, str], action_labels=None, refusal=None
    ):
        """``refusal`` says a refused step in the record's own words, from ``%(status)s`` (the current status),
        ``%(action)s`` and ``%(target)s`` (the status it would lead to)."""
        self.steps = dict(steps)
        self.status_labels = status_labels
        self.action_labels = action_labels or {}
        self.refusal = refusal

    def actions(self, status: str) -> list[str]:
        """The actions a record in ``status`` may take, in the table's order."""
        return [action for action, step in self.steps.items() if status in step.sources]

    def allows(self, action: str, status: str) -> bool:
        return status in self.steps[action].sources

    def target(self, action: str, current: str) -> str:
        """The status ``action`` leads to from ``current``; a ``WorkflowError`` when the table does not allow it."""
        step = self.steps[action]
        if current not in step.sources:
            words = {
                "status": self.status_labels.get(current, current),
                "action": self.label(action),
                "target": self.status_labels.get(step.target, step.target or ""),
            }
            refusal = self.refusal or _("“%(action)s” is not possible while the status is “%(status)s”.")
            raise WorkflowError(str(refusal) % words, code="illegal_transition")
        return step.target or current

    def label(self, action: str) -> str:
        return str(self.action_labels.get(action, action))


def steps(table: Mapping[str, tuple[Iterable[str], str | None]]) -> dict[str, Step]:
    """``{action: (sources, target)}`` as steps."""
    return {action: Step(frozenset(sources), target) for action, (sources, target) in table.items()}


def as_form_error(form, error: ValidationError) -> None:
    """Show a refused step on ``form``: on the fields it names (when the form has them), else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
