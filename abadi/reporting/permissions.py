"""Who may set the plans (targets) indicators are read against. Reading indicators and
the records behind them is core's (``abadi.core.indicators``): every module's figures
are read under those permissions."""

from abadi.core.permissions import Role, register

SET_TARGETS = register("reporting.targets", {Role.PROVINCE_MANAGER, Role.PROGRAMME_OFFICER})
