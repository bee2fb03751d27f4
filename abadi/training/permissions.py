"""Who may do what with courses, enrolments and licences.

Programme and county staff plan courses with the partner agencies; clerks and county
officers enrol people, record their attendance and completion, and record the licences
people obtained."""

from abadi.core.permissions import STAFF_ROLES, Role, register

VIEW_TRAINING = register("training.view", STAFF_ROLES)
MANAGE_COURSES = register(
    "training.manage", {Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER, Role.COUNTY_OFFICER}
)
ENROL = register("training.enrol", {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER})
RECORD_LICENCES = register(
    "training.licences", {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER}
)
