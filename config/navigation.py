"""The main menu: the staff's, or a collaborator's own. An entry whose page does not exist yet is left out, so each
area appears as it lands."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from committees.scoping import scope_of

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
    (
        _("Resolutions"),
        [
            (_("Party documents"), "resolutions:document_list"),
            (_("Study campaigns"), "resolutions:campaign_list"),
            (_("Directive 05"), "resolutions:directive05_overview"),
            (_("Activities"), "resolutions:activity_list"),
            (_("Commendations"), "resolutions:commendation_list"),
            (_("Publications"), "resolutions:publication_list"),
            (_("Inspections"), "resolutions:inspection_list"),
        ],
    ),
    (_("Reports"), "reports:period_list"),
]


# A collaborator files reports and follows their own briefings and trainings; the staff's pages are not offered.
COLLABORATOR_MENU = [
    (_("Overview"), "home"),
    (_("New opinion report"), "opinion:report_create"),
    (_("My reports"), "opinion:report_list"),
    (_("My briefings"), "opinion:briefing_list"),
    (_("My trainings"), "opinion:training_list"),
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


def build(path: str, menu=MENU) -> list[Item]:
    items = []
    for label, target in menu:
        if isinstance(target, list):
            children = [Item(lbl, url) for lbl, name in target if (url := _url(name))]
            if children:
                items.append(Item(label, children=children))
        elif url := _url(target):
            items.append(Item(label, url))
    # One entry is current: the one whose address is the longest start of the path (/opinion/reports/status/ is
    # "who has reported", not also "opinion reports"), and the group that holds it.
    links = [(item, None) for item in items if item.url] + [(c, item) for item in items for c in item.children]
    matching = [(link, group) for link, group in links if _is_active(link.url, path)]
    if matching:
        link, group = max(matching, key=lambda pair: len(pair[0].url))
        link.active = True
        if group is not None:
            group.active = True
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    if not scope_of(user).is_collaborator:
        return {"menu": build(request.path)}
    menu = build(request.path, COLLABORATOR_MENU)
    profile = getattr(user, "collaborator", None)
    if profile is not None:
        url = profile.get_absolute_url()
        menu.append(Item(_("My profile"), url, request.path == url))
    return {"menu": menu, "is_collaborator": True}  # pages leave out what only staff use (attendance rates…)
