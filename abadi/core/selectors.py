from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from abadi.core.models import AuditEvent
from abadi.core.permissions import VIEW_AUDIT, VIEW_RECORD_HISTORY
from abadi.core.scoping import scope


def audit_log(*, actor, action: str = "") -> QuerySet[AuditEvent]:
    """The global log for auditors, limited to events in their areas."""
    events = scope(AuditEvent.objects.all(), actor=actor, perm=VIEW_AUDIT)
    if action:
        events = events.filter(action__startswith=action)
    return events.select_related("area")


def audit_history(*, actor, obj) -> QuerySet[AuditEvent]:
    """Every recorded write to one record, newest first."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
    return scope(events, actor=actor, perm=VIEW_RECORD_HISTORY).select_related("area")
