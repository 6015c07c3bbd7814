"""Demo committee tree and accounts, deterministic for a given scale (fixed random seed), built with bulk inserts."""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from committees.models import Committee, Role, StaffProfile

User = get_user_model()

ROOT_CODE = "DBK"
BATCH = 5000


@dataclass(frozen=True)
class Scale:
    subordinates: int
    cells_per_subordinate: int


@dataclass(frozen=True)
class DemoContext:
    """What every app's demo seeder receives (the seeders are listed in settings.DEMO_SEEDERS)."""

    scale_name: str
    scale: Scale
    today: date
    seed: int

    def rng(self, name: str) -> random.Random:
        """A random generator of its own for each seeder, so adding one seeder does not change another's data."""
        return random.Random(f"{self.seed}:{name}")


SCALES = {
    "small": Scale(subordinates=3, cells_per_subordinate=4),
    "bloc": Scale(subordinates=60, cells_per_subordinate=20),
    "national": Scale(subordinates=300, cells_per_subordinate=200),
}

AGENCIES = [
    ("Văn phòng Trung ương Đảng", "VPTW"),
    ("Ban Tổ chức Trung ương", "BTCTW"),
    ("Ban Tuyên giáo Trung ương", "BTGTW"),
    ("Ban Kinh tế Trung ương", "BKTTW"),
    ("Ban Dân vận Trung ương", "BDVTW"),
    ("Ban Đối ngoại Trung ương", "BĐNTW"),
    ("Ban Nội chính Trung ương", "BNCTW"),
    ("Ủy ban Kiểm tra Trung ương", "UBKTTW"),
    ("Báo Nhân Dân", "BND"),
    ("Tạp chí Cộng sản", "TCCS"),
    ("Học viện Chính trị quốc gia Hồ Chí Minh", "HVCTQG"),
    ("Văn phòng Chủ tịch nước", "VPCTN"),
    ("Văn phòng Quốc hội", "VPQH"),
    ("Cơ quan Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "MTTQ"),
    ("Tổng Liên đoàn Lao động Việt Nam", "TLĐLĐ"),
    ("Cơ quan Trung ương Đoàn TNCS Hồ Chí Minh", "TWĐ"),
    ("Trung ương Hội Liên hiệp Phụ nữ Việt Nam", "HLHPN"),
    ("Trung ương Hội Nông dân Việt Nam", "HND"),
    ("Trung ương Hội Cựu chiến binh Việt Nam", "HCCB"),
    ("Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam", "LHHKH"),
    ("Nhà xuất bản Chính trị quốc gia Sự thật", "NXBCTQG"),
    ("Ngân hàng Chính sách xã hội", "NHCSXH"),
]
UNITS = [
    "Văn phòng",
    "Vụ Tổng hợp",
    "Vụ Tổ chức - Cán bộ",
    "Vụ Kế hoạch - Tài chính",
    "Vụ Pháp chế",
    "Vụ Hợp tác quốc tế",
    "Phòng Hành chính - Quản trị",
    "Trung tâm Thông tin",
    "Vụ Thi đua - Khen thưởng",
    "Vụ Nghiên cứu",
    "Phòng Kế toán",
    "Ban Biên tập",
    "Phòng Lưu trữ",
    "Vụ Địa phương",
    "Trung tâm Đào tạo",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Minh Châu",
    "Quốc Dũng",
    "Thu Hà",
    "Đức Hải",
    "Thị Lan",
    "Hữu Nghĩa",
    "Thanh Tâm",
]


PLACE = "Hà Nội"  # the central agencies' seat


def _committee(**fields) -> Committee:
    committee = Committee(**fields)
    committee.search_text = committee.build_search_text()
    committee.sort_name = committee.build_sort_name()
    return committee


def _headcounts(rng: random.Random, counted_on: date) -> dict:
    members = rng.randint(5, 60)
    cadres = members + rng.randint(0, 40)
    return {
        "party_members": members,
        "exempt_members": members // 12,  # about one in twelve (no draw: the seed stays as it was)
        "cadres": cadres,
        "employees": cadres + rng.randint(0, 30),
        "headcount_date": counted_on,
    }


def seed_committees(scale: Scale, rng: random.Random, today: date) -> Committee:
    """Three levels: the bloc, its subordinate committees, their party cells."""
    counted_on = date(today.year, 1, 1)
    root_path = Committee._get_path(None, 1, 1)
    nodes = [
        _committee(
            path=root_path,
            depth=1,
            numchild=scale.subordinates,
            name="Đảng bộ Khối các cơ quan Trung ương",
            short_name="Đảng bộ Khối",
            code=ROOT_CODE,
            kind=Committee.Kind.BLOC,
            document_symbol="ĐUK",
            department_name="Ban Tuyên giáo Đảng ủy Khối",
            department_symbol="BTGĐUK",
            place_name=PLACE,
        )
    ]
    for i in range(1, scale.subordinates + 1):
        agency, symbol = AGENCIES[i - 1] if i <= len(AGENCIES) else (f"Cơ quan Trung ương số {i}", f"CQ{i}")
        code = f"DB{i:03d}"
        path = Committee._get_path(root_path, 2, i)
        # Most agencies' committees are upper-grassroots with grassroots cells under them; every fourth is a
        # grassroots committee itself, its cells attached to it.
        grassroots = i % 4 == 0
        nodes.append(
            _committee(
                path=path,
                depth=2,
                numchild=scale.cells_per_subordinate,
                name=f"Đảng bộ {agency}",
                short_name=symbol,
                code=code,
                kind=Committee.Kind.GRASSROOTS if grassroots else Committee.Kind.UPPER_GRASSROOTS,
                document_symbol="ĐU",
                department_name=f"Ban Tuyên giáo Đảng ủy {agency}",
                department_symbol="BTGĐU",
                place_name=PLACE,
            )
        )
        for j in range(1, scale.cells_per_subordinate + 1):
            unit = UNITS[(j - 1) % len(UNITS)]
            suffix = f" {(j - 1) // len(UNITS) + 1}" if j > len(UNITS) else ""
            nodes.append(
                _committee(
                    path=Committee._get_path(path, 3, j),
                    depth=3,
                    numchild=0,
                    name=f"Chi bộ {unit}{suffix}",
                    short_name="",
                    code=f"{code}-CB{j:03d}",
                    kind=Committee.Kind.ATTACHED_CELL if grassroots else Committee.Kind.GRASSROOTS_CELL,
                    document_symbol="CB",
                    place_name=PLACE,
                    **_headcounts(rng, counted_on),
                )
            )
    bulk_create_with_history(nodes, Committee, batch_size=BATCH, default_change_reason="seed_demo")
    Committee.objects.recompute_totals()
    return Committee.objects.get(code=ROOT_CODE)


def person(rng: random.Random) -> tuple[str, str]:
    given = rng.choice(GIVEN)
    return rng.choice(FAMILY), given


def demo_accounts() -> list[dict]:
    """The demo accounts: who they are, not their passwords."""
    return [
        {"username": "admin", "role": "admin", "committee_code": ROOT_CODE, "position": "Quản trị hệ thống"},
        {
            "username": "bantuyengiao",
            "role": Role.BLOC_STAFF,
            "committee_code": ROOT_CODE,
            "position": "Chuyên viên Ban Tuyên giáo Đảng ủy Khối",
        },
        {
            "username": "lanhdao",
            "role": Role.LEADER,
            "committee_code": ROOT_CODE,
            "position": "Ủy viên Ban Thường vụ Đảng ủy Khối",
        },
        {
            "username": "lanhdao.db001",
            "role": Role.LEADER,
            "committee_code": "DB001",
            "position": "Phó Bí thư Đảng ủy",
        },
        {
            "username": "canbo.db001",
            "role": Role.OFFICER,
            "committee_code": "DB001",
            "position": "Cán bộ tuyên giáo",
        },
        {
            "username": "canbo.db002",
            "role": Role.OFFICER,
            "committee_code": "DB002",
            "position": "Cán bộ tuyên giáo",
        },
        {
            "username": "ctv.db001",
            "role": Role.COLLABORATOR,
            "committee_code": "DB001",
            "position": "Cộng tác viên dư luận xã hội",
        },
        {
            "username": "ctv.db002",
            "role": Role.COLLABORATOR,
            "committee_code": "DB002",
            "position": "Cộng tác viên dư luận xã hội",
        },
    ]


def seed_accounts(password: str, rng: random.Random) -> list[dict]:
    """Create or reset the demo accounts (one password hash for all of them: hashing is slow on purpose)."""
    hashed = make_password(password)
    committees = {c.code: c for c in Committee.objects.filter(code__in={a["committee_code"] for a in demo_accounts()})}
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    accounts = []
    for spec in demo_accounts():
        family, given = person(rng)
        is_admin = spec["role"] == "admin"
        user, _ = User.objects.update_or_create(
            username=spec["username"],
            defaults={
                "password": hashed,
                "first_name": given,
                "last_name": family,
                "is_active": True,
                "email": f"{spec['username']}@tuyengiao.example",
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        if not is_admin:
            StaffProfile.objects.update_or_create(
                user=user,
                defaults={
                    "committee": committees[spec["committee_code"]],
                    "role": spec["role"],
                    "position": spec["position"],
                },
            )
            user.groups.set([groups[spec["role"]]])
        accounts.append(
            {
                "username": spec["username"],
                "password": password,
                "role": str(spec["role"]),
                "committee_code": spec["committee_code"],
            }
        )
    return accounts
