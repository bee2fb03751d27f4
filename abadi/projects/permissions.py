"""Who may do what with deprivation-elimination projects.

A clerk, a county officer or the projects programme officer registers a project; county
officers (the field officers) and the programme officer post progress reports; the county,
the programme officer and the province manager move a project from stage to stage; the
province manager and the programme officer set the year's plan per type.
"""

from abadi.core.permissions import STAFF_ROLES, Role, register

VIEW_PROJECTS = register("projects.view", STAFF_ROLES)
REGISTER_PROJECTS = register(
    "projects.register", {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER}
)
REPORT_PROGRESS = register(
    "projects.report", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.DATA_CLERK}
)
ADVANCE_PROJECTS = register(
    "projects.advance", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER}
)
MANAGE_PLANS = register("projects.plan", {Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER})
