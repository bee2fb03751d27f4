"""Who may do what with job-creation loans.

The workflow needs different people at each step (maker-checker): a clerk or county officer
registers a plan, the county reviews it, the committee (province manager or the loans
programme officer) approves it and introduces the applicant to the bank, the clerk records
the bank's contract, tranches and repayments, county officers verify the jobs on site.
"""

from abadi.core.permissions import STAFF_ROLES, Role, register

VIEW_LOANS = register("loans.view", STAFF_ROLES)
REGISTER_LOANS = register(
    "loans.register", {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER}
)
REVIEW_LOANS = register("loans.review", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER})
APPROVE_LOANS = register("loans.approve", {Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER})
DISBURSE_LOANS = register("loans.disburse", {Role.PROGRAMME_OFFICER, Role.DATA_CLERK})
MANAGE_CREDIT_LINES = register(
    "loans.manage_lines", {Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER}
)
VISIT_LOANS = register("loans.visit", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER})
