"""Demo users, one for each kind of person who uses the office's system."""

from django.contrib.auth.hashers import make_password

from abadi.accounts.models import RoleAssignment, User
from abadi.core.demo import DEMO_PASSWORD
from abadi.core.permissions import Role
from abadi.geography.models import Area

# username, full name, role, area code (None = the country), module
DEMO_USERS = [
    ("admin", "مدیر سامانه", Role.SYSTEM_ADMIN, None, ""),
    ("manager", "مدیر استان اردبیل", Role.PROVINCE_MANAGER, "24", ""),
    ("loans", "کارشناس تسهیلات استان", Role.PROGRAMME_OFFICER, "24", "loans"),
    ("clerk", "متصدی ثبت استان", Role.DATA_CLERK, "24", ""),
    ("county2403", "کارشناس شهرستان", Role.COUNTY_OFFICER, "2403", ""),
    ("auditor", "حسابرس استان", Role.AUDITOR, "24", ""),
    ("press", "روابط عمومی استان", Role.PRESS, "24", ""),
]


def build(*, log) -> None:
    # One hash for the shared demo password: the production hasher costs about a second.
    password = None
    for username, full_name, role, area_code, module in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": full_name, "is_staff": role == Role.SYSTEM_ADMIN},
        )
        if created:
            user.is_superuser = role == Role.SYSTEM_ADMIN
            password = password or make_password(DEMO_PASSWORD)
            user.password = password
            user.save()
        area = Area.objects.get(code=area_code) if area_code else None
        RoleAssignment.objects.get_or_create(user=user, role=role, area=area, module=module)


def finish(*, log) -> None:
    write = log
    write("")
    write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, _full_name, role, area_code, module in DEMO_USERS:
        where = area_code or "IR"
        write(f"  {username:<12} {role.label} ({where}{', ' + module if module else ''})")
