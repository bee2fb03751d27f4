"""Who may do what with volunteer groups and their deployments.

Staff hold these over their areas. A group leader (``Role.GROUP_LEADER``) holds the view,
member and report permissions too, but only over the groups their account is linked to
(:class:`abadi.volunteers.models.GroupLeadership`): the selectors and services of this
app read the link, never the leader's area alone (docs/adr/0017-group-leaders.md).
"""

from abadi.core.permissions import STAFF_ROLES, Role, register

EDITORS = {Role.DATA_CLERK, Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER}

VIEW_VOLUNTEERS = register("volunteers.view", STAFF_ROLES | {Role.GROUP_LEADER})
# Register groups, correct them, record permits and adopted villages.
MANAGE_GROUPS = register("volunteers.manage", EDITORS)
# Suspend, reinstate, record a lapse, dissolve.
CHANGE_STATUS = register(
    "volunteers.status", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER}
)
# Members of a group: staff, and a leader for their own group.
MANAGE_MEMBERS = register("volunteers.members", EDITORS | {Role.GROUP_LEADER})
# Report deployments: staff, and a leader for their own group.
REPORT_DEPLOYMENTS = register("volunteers.report", EDITORS | {Role.GROUP_LEADER})
# Link a user account holding the group-leader role to a group.
MANAGE_LEADERS = register(
    "volunteers.leaders", {Role.COUNTY_OFFICER, Role.PROGRAMME_OFFICER, Role.PROVINCE_MANAGER}
)
