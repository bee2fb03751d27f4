from abadi.core.permissions import STAFF_ROLES, Role, register

VIEW_PEOPLE = register("people.view", STAFF_ROLES)
EDIT_PEOPLE = register(
    "people.edit",
    {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER},
)
MERGE_PEOPLE = register("people.merge", {Role.PROVINCE_MANAGER})
VIEW_BENEFITS = register("people.benefits", STAFF_ROLES)
