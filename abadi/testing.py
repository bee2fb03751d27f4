"""Builders the tests of every app share: a small area tree and users holding roles."""

from abadi.accounts.models import RoleAssignment, User
from abadi.core.persian import search_key
from abadi.geography.models import Area, AreaLevel

# code, name, level, parent code — enough of Ardabil (and one other province) to test scoping.
SMALL_TREE = [
    ("IR", "ایران", AreaLevel.COUNTRY, None),
    ("24", "اردبیل", AreaLevel.PROVINCE, "IR"),
    ("2401", "اردبیل", AreaLevel.COUNTY, "24"),
    ("2403", "خلخال", AreaLevel.COUNTY, "24"),
    ("240101", "مرکزی", AreaLevel.DISTRICT, "2401"),
    ("240301", "مرکزی", AreaLevel.DISTRICT, "2403"),
    ("2403010001", "خانندبیل غربی", AreaLevel.RURAL_DISTRICT, "240301"),
    ("2403010001001", "اسبو", AreaLevel.VILLAGE, "2403010001"),
    ("2401010001", "بالغلو", AreaLevel.RURAL_DISTRICT, "240101"),
    ("2401010001001", "سقزچی", AreaLevel.VILLAGE, "2401010001"),
    ("15", "لرستان", AreaLevel.PROVINCE, "IR"),
    ("1501", "خرم‌آباد", AreaLevel.COUNTY, "15"),
]


def area_tree() -> dict[str, Area]:
    """Create (or fetch) the small tree; returns areas by code."""
    areas: dict[str, Area] = {}
    for code, name, level, parent_code in SMALL_TREE:
        parent = areas[parent_code] if parent_code else None
        path = f"{parent.path if parent else '/'}{code}/"
        areas[code], _ = Area.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "parent": parent,
                "path": path,
                "depth": path.count("/") - 2,
                "search_key": search_key(name),
            },
        )
    return areas


def user_with_role(username: str, role: str, area: Area | None, module: str = "") -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests-1234")
    RoleAssignment.objects.create(user=user, role=role, area=area, module=module)
    return user
