"""Who may do what with donors, donations, allocations and aid cases.

Clerks, county officers and the funds programme officer record donors, donations and
pledges and issue receipts; allocating money to a use and reversing a receipted donation
take the programme officer, the county officer or the province manager. Aid cases are
opened by the same people who record donations and moved along by county officers, the
programme officer and the province manager. An anonymous donor's name is read only by those
who answer for the money: the province manager, the funds programme officer and the auditor.
"""

from abadi.core.permissions import STAFF_ROLES, Role, register

VIEW_FUNDS = register("funds.view", STAFF_ROLES)
RECORD_DONATIONS = register(
    "funds.record", {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER}
)
ALLOCATE_FUNDS = register(
    "funds.allocate", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER}
)
REVERSE_DONATIONS = register("funds.reverse", {Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER})
SEE_ANONYMOUS_DONORS = register(
    "funds.donor_names", {Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER, Role.AUDITOR}
)
OPEN_CASES = register(
    "funds.case_open", {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER}
)
ADVANCE_CASES = register(
    "funds.case_advance", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER}
)
