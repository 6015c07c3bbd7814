"""The main menu. An entry whose page does not exist yet is left out, so each area appears as it lands."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MENU = [
    (_("Overview"), "home"),
    (_("Party committees"), "committees:tree"),
    (
        _("Public opinion"),
        [
            (_("Collaborators"), "opinion:collaborator_list"),
            (_("Trainings"), "opinion:training_list"),
            (_("Monthly briefings"), "opinion:briefing_list"),
            (_("Opinion reports"), "opinion:report_list"),
            (_("Who has reported"), "opinion:report_reporting"),
            (_("Hot spots"), "opinion:hotspot_list"),
            (_("Concerns"), "opinion:concern_list"),
            (_("Dialogue sessions"), "opinion:dialogue_list"),
        ],
    ),
]


@dataclass
class Item:
    label: str
    url: str = ""
    active: bool = False
    children: list["Item"] = field(default_factory=list)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _is_active(url: str, path: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


def build(path: str) -> list[Item]:
    items = []
    for label, target in MENU:
        if isinstance(target, list):
            children = [Item(lbl, url) for lbl, name in target if (url := _url(name))]
            # The entry whose address is the longest start of the path: /opinion/reports/status/ is "who has
            # reported", not also "opinion reports".
            matching = [child for child in children if _is_active(child.url, path)]
            if matching:
                max(matching, key=lambda child: len(child.url)).active = True
            if children:
                items.append(Item(label, active=any(c.active for c in children), children=children))
        elif url := _url(target):
            items.append(Item(label, url, _is_active(url, path)))
    return items


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"menu": build(request.path)}
