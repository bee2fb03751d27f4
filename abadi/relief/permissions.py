"""Who may do what in relief.

Staff of an area see its campaigns, stock, shipments and handouts. Campaigns, the item
catalogue, kits and warehouses are set up by the programme officer, the county officer
and the province manager; clerks and county officers keep the stock ledger and record
handouts; shipments are dispatched and confirmed by county officers, the programme
officer and the manager. Only a province manager may hand a household a second package
of the same campaign (with a reason, audited).
"""

from abadi.core.permissions import STAFF_ROLES, Role, register

VIEW_RELIEF = register("relief.view", STAFF_ROLES)
MANAGE_RELIEF = register(
    "relief.manage", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER}
)
KEEP_STOCK = register(
    "relief.stock", {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER}
)
SHIP = register("relief.ship", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER})
DISTRIBUTE = register(
    "relief.distribute",
    {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER},
)
OVERRIDE_REPEAT = register("relief.override", {Role.PROVINCE_MANAGER})
