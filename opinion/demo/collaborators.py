"""Demo collaborators: a network for every subordinate committee, spread over the committee and its cells.

About 166 per subordinate committee at national scale (≈50,000), 15 at bloc scale, 6 at small scale; appointed by
two decisions of each committee (the establishment, then a consolidation that added people), a few paused or ended
with their status change recorded; and each demo account with the collaborator role linked to a record of its own.
Everything is bulk-inserted, deterministic for a given scale.
"""

from datetime import date, timedelta

from django.db import connections
from django.utils import timezone

from committees.demo import BATCH, DemoContext
from committees.models import Committee, Role, StaffProfile
from core.search import normalize
from opinion.models import Collaborator, CollaboratorStatusChange

Status, Kind = Collaborator.Status, CollaboratorStatusChange.Kind

PER_SUBORDINATE = {"small": 6, "bloc": 15, "national": 166}
FAMILY = [
    *["Nguyễn"] * 8, *["Trần"] * 3, *["Lê"] * 3, "Phạm", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai",
]  # fmt: skip
MIDDLE = {
    "male": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Quang", "Xuân", "Ngọc", "Mạnh", "Trọng"],
    "female": ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim", "Phương", "Thùy", "Bích"],
}
GIVEN = {
    "male": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng",
             "Tuấn", "Việt", "Hiếu", "Trung", "Đạt", "Huy", "Thành", "Tùng", "Kiên"],
    "female": ["Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Nhung",
               "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Yến", "Hằng", "Loan", "Thủy"],
}  # fmt: skip
POSITIONS = [
    *["Chuyên viên"] * 6, *["Chuyên viên chính"] * 3, "Chuyên viên cao cấp", "Phó Trưởng phòng", "Trưởng phòng",
    "Phó Vụ trưởng", "Bí thư Chi bộ", "Phó Bí thư Chi bộ", "Bí thư Chi đoàn", "Chủ tịch Công đoàn bộ phận",
    "Phóng viên", "Biên tập viên", "Nghiên cứu viên", "Kế toán viên",
]  # fmt: skip
COMMITTEE_UNITS = ["Văn phòng Đảng ủy", "Ban Tuyên giáo Đảng ủy", "Ban Tổ chức Đảng ủy", "Ủy ban Kiểm tra Đảng ủy"]
MOBILE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "086", "088", "083", "081", "070"]
SIGNER_TITLES = ["Bí thư Đảng ủy", "Phó Bí thư Thường trực Đảng ủy", "Phó Bí thư Đảng ủy"]
PAUSE_REASONS = ["Nghỉ thai sản", "Đi học tập trung dài hạn", "Điều trị bệnh dài ngày", "Biệt phái công tác"]
END_REASONS = ["Nghỉ hưu", "Chuyển công tác", "Không còn đáp ứng yêu cầu nhiệm vụ", "Xin thôi tham gia"]


def _person(rng):
    gender = "female" if rng.random() < 0.45 else "male"
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
    return name, gender


def _phone(rng) -> str:
    digits = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"
    return f"{digits[:4]} {digits[4:7]} {digits[7:]}"


def _day_between(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _collaborator(committee: Committee, **fields) -> Collaborator:
    collaborator = Collaborator(committee=committee, status=Status.ACTIVE, **fields)
    collaborator.search_text = collaborator.build_search_text()
    collaborator.sort_name = collaborator.build_sort_name()
    return collaborator


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("collaborators")
    today = ctx.today
    per_subordinate = PER_SUBORDINATE.get(ctx.scale_name, 6)
    committees = list(
        Committee.objects.filter(depth__in=(2, 3), is_active=True)
        .only("id", "path", "depth", "code", "name", "document_symbol")
        .order_by("path")
    )
    cells: dict[str, list[Committee]] = {}
    subordinates = []
    for committee in committees:
        if committee.depth == 2:
            subordinates.append(committee)
            cells[committee.path] = []
        else:
            cells.setdefault(Committee.path_at_depth(committee.path, 2), []).append(committee)

    collaborators: list[Collaborator] = []
    changes: list[tuple[int, dict]] = []  # (index in collaborators, status change fields) beyond the establishment
    for subordinate in subordinates:
        symbol = subordinate.document_symbol or "ĐU"
        signer_name, _gender = _person(rng)
        signer = f"{signer_name}, {rng.choice(SIGNER_TITLES)}"
        established = _day_between(rng, today - timedelta(days=8 * 365), today - timedelta(days=3 * 365))
        consolidated = _day_between(rng, established + timedelta(days=365), today - timedelta(days=60))
        decisions = [
            (f"{rng.randint(10, 199)}-QĐ/{symbol}", established),
            (f"{rng.randint(200, 399)}-QĐ/{symbol}", consolidated),
        ]
        own_cells = cells.get(subordinate.path, [])
        email_domain = f"{normalize(subordinate.code).replace(' ', '')}.example"
        for n in range(per_subordinate):
            committee = rng.choice(own_cells) if own_cells and rng.random() < 0.8 else subordinate
            unit = committee.name.removeprefix("Chi bộ ") if committee.depth == 3 else rng.choice(COMMITTEE_UNITS)
            name, gender = _person(rng)
            number, decided = decisions[0] if rng.random() < 0.6 else decisions[1]
            slug = normalize(name).split()
            collaborators.append(
                _collaborator(
                    committee,
                    full_name=name,
                    birth_year=rng.randint(1966, 2000),
                    gender=gender,
                    position=rng.choice(POSITIONS),
                    unit=unit,
                    phone=_phone(rng),
                    email=f"{slug[-1]}.{''.join(w[0] for w in slug[:-1])}{n}@{email_domain}"
                    if rng.random() < 0.5
                    else "",
                    decision_number=number,
                    decision_date=decided,
                    decision_signer=signer,
                    status_since=decided,
                )
            )
            roll = rng.random()
            if roll < 0.09:
                collaborator = collaborators[-1]
                to = Status.PAUSED if roll < 0.05 else Status.ENDED
                yesterday = today - timedelta(days=1)
                effective = _day_between(rng, min(decided + timedelta(days=90), yesterday), yesterday)
                collaborator.status, collaborator.status_since = to, effective
                reasons = PAUSE_REASONS if to == Status.PAUSED else END_REASONS
                changes.append(
                    (
                        len(collaborators) - 1,
                        {
                            "kind": rng.choice([Kind.CONSOLIDATE, Kind.REORGANISE]),
                            "status_from": Status.ACTIVE,
                            "status_to": to,
                            "effective_on": effective,
                            "reason": rng.choice(reasons),
                            "decision_number": f"{rng.randint(400, 599)}-QĐ/{symbol}",
                            "decision_date": effective - timedelta(days=rng.randint(0, 10)),
                        },
                    )
                )

    collaborators.extend(_account_collaborators(rng, today))
    before = Collaborator.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    created = Collaborator.objects.bulk_create(collaborators, batch_size=BATCH)
    # The history and the establishment of each new collaborator are copied from the rows just inserted by one
    # INSERT … SELECT each: the same rows bulk_create_with_history and the services would write, without building
    # 100,000 more Python objects (the national scale stays well under a minute).
    _insert_from_new_collaborators(Collaborator.history.model, before, _history_columns(), timezone.now())
    _insert_establishments(before, today)
    CollaboratorStatusChange.objects.bulk_create(
        [CollaboratorStatusChange(collaborator_id=created[i].pk, **fields) for i, fields in changes], batch_size=BATCH
    )


def _history_columns() -> list[str]:
    """The columns a historical record shares with the collaborator it copies."""
    own = {f.column for f in Collaborator._meta.concrete_fields}
    return [f.column for f in Collaborator.history.model._meta.concrete_fields if f.column in own]


def _insert_from_new_collaborators(history_model, after_pk: int, columns: list[str], when) -> None:
    connection = connections[Collaborator.objects.db]
    quote = connection.ops.quote_name
    table = quote(history_model._meta.db_table)
    source = quote(Collaborator._meta.db_table)
    shared = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({shared}, history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {shared}, %s, %s, %s, NULL FROM {source} WHERE id > %s",
            [when, "seed_demo", "+", after_pk],
        )


def _insert_establishments(after_pk: int, today: date) -> None:
    """Each new collaborator's establishment: active from their appointment decision."""
    connection = connections[Collaborator.objects.db]
    quote = connection.ops.quote_name
    table = quote(CollaboratorStatusChange._meta.db_table)
    source = quote(Collaborator._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (collaborator_id, kind, status_from, status_to, effective_on, reason, "
            "decision_number, decision_date, changed_by_id, changed_at) "
            f"SELECT id, %s, '', %s, COALESCE(decision_date, %s), '', decision_number, decision_date, NULL, %s "
            f"FROM {source} WHERE id > %s",
            [Kind.ESTABLISH, Status.ACTIVE, today, timezone.now(), after_pk],
        )


def _account_collaborators(rng, today: date) -> list[Collaborator]:
    """A record for each demo account with the collaborator role (ctv.db001, …), at its committee, linked to it."""
    records = []
    profiles = StaffProfile.objects.filter(role=Role.COLLABORATOR, user__collaborator__isnull=True)
    for profile in profiles.select_related("user", "committee").order_by("user__username"):
        user, committee = profile.user, profile.committee
        appointed = today - timedelta(days=rng.randint(200, 700))
        records.append(
            _collaborator(
                committee,
                full_name=user.get_full_name() or user.get_username(),
                user=user,
                gender="",
                position=profile.position or "Chuyên viên",
                unit=rng.choice(COMMITTEE_UNITS),
                phone=_phone(rng),
                email=user.email,
                decision_number=f"{rng.randint(10, 199)}-QĐ/{committee.document_symbol or 'ĐU'}",
                decision_date=appointed,
                decision_signer="",
                status_since=appointed,
            )
        )
    return records
