"""Who may do what with occasions and events.

The province sets the occasions; county staff and clerks plan their counties' events and
report them once held (people served, report, photos, exhibitors)."""

from abadi.core.permissions import STAFF_ROLES, Role, register

VIEW_EVENTS = register("events.view", STAFF_ROLES)
MANAGE_OCCASIONS = register("events.occasions", {Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER})
PLAN_EVENTS = register(
    "events.plan",
    {Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER, Role.COUNTY_OFFICER, Role.DATA_CLERK},
)
REPORT_EVENTS = register(
    "events.report", {Role.PROGRAMME_OFFICER, Role.COUNTY_OFFICER, Role.DATA_CLERK}
)
