from tests.opinion.factories_hotspots import make_concern, make_hotspot, make_report


def sibling_hotspot(tree):
    hot_spot = make_hotspot(tree.b1, title="Điểm nóng Bí mật Sibling", description="Diễn biến Bí mật Sibling")
    hot_spot.reports.add(make_report(tree.b1, summary="Phản ánh Bí mật Sibling"))
    hot_spot.concerns.add(make_concern(tree.b1, content="Kiến nghị Bí mật Sibling"))
    hot_spot.follow_ups.create(date=hot_spot.opened_on, note="Theo dõi Bí mật Sibling", author=hot_spot.owner)
    return hot_spot


def sibling_hotspot_exists(tree):
    sibling_hotspot(tree)


SAMPLES = {
    "opinion:hotspot_list": sibling_hotspot_exists,
    "opinion:hotspot_create": sibling_hotspot_exists,
    "opinion:hotspot_detail": lambda t: {"pk": sibling_hotspot(t).pk},
    "opinion:hotspot_update": lambda t: {"pk": sibling_hotspot(t).pk},
    "opinion:hotspot_followup": lambda t: {"pk": sibling_hotspot(t).pk},
    "opinion:hotspot_monitor": lambda t: {"pk": sibling_hotspot(t).pk},
    "opinion:hotspot_resolve": lambda t: {"pk": sibling_hotspot(t).pk},
    "opinion:hotspot_reopen": lambda t: {"pk": sibling_hotspot(t).pk},
    "opinion:hotspot_links": lambda t: {"pk": sibling_hotspot(t).pk},
}
