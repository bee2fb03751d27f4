from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from abadi.core.audit import registered_actions
from abadi.core.models import AuditEvent, AuditObject
from abadi.core.permissions import VIEW_AUDIT, VIEW_RECORD_HISTORY, has_perm
from abadi.core.persian import search_key
from abadi.core.scoping import scope


def actions_matching(text: str) -> list[str]:
    """The action codes a person means by ``text``: a word of the Persian label («تصویب»
    finds «تصویب طرح»), or the start of a code (``loan.``)."""
    wanted = search_key(text)
    if not wanted:
        return []
    return sorted(
        code
        for code, label in registered_actions().items()
        if wanted in search_key(str(label)) or code.startswith(text.strip())
    )


def audit_log(*, actor, action: str = "") -> QuerySet[AuditEvent]:
    """The global log for auditors, limited to events in their areas."""
    events = scope(AuditEvent.objects.all(), actor=actor, perm=VIEW_AUDIT)
    if action:
        events = events.filter(action__in=actions_matching(action))
    return events.select_related("area", "actor", "content_type")


def audit_history(*, actor, obj) -> QuerySet[AuditEvent]:
    """Every service call that wrote one record (as its subject or as one of its steps),
    newest first. The caller opened ``obj`` through its own selector, so the viewer may see
    the record; its whole history follows it, whichever area it belonged to then."""
    touched = AuditObject.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).values("event_id")
    if not has_perm(actor, VIEW_RECORD_HISTORY):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(pk__in=touched).select_related("area", "actor", "content_type")
