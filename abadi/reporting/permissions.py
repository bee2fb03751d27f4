"""Who may read indicators, the records behind them, and set their targets.

Indicators are the office's published figures: every role but the two whose view is
limited to their own records (group leaders, partner-agency users) may read them, the
press included. The rows behind a value are records, so only staff may list them.
"""

from abadi.core.permissions import ALL_ROLES, STAFF_ROLES, Role, register

VIEW_INDICATORS = register("reporting.view", ALL_ROLES - {Role.PARTNER_USER, Role.GROUP_LEADER})
VIEW_INDICATOR_RECORDS = register("reporting.records", STAFF_ROLES)
SET_TARGETS = register("reporting.targets", {Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER})
