"""Every key of every audit event the apps' samples write reads in words on the history
and audit pages: a field of the record (with its Persian name), a key the history hides,
or a payload its app declared (``abadi.core.audit.register_payload``). A key that is
none of these would show as code."""

import pytest

from abadi.core.audit import payload
from abadi.core.history import HIDDEN_KEYS, _fields_by_key
from abadi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _unlabelled(event: AuditEvent) -> list[str]:
    model = event.content_type.model_class() if event.content_type_id else None
    fields = _fields_by_key(model) if model is not None else {}
    keys = [*(event.new_values or {}), *(event.old_values or {})]
    return [
        f"{event.action}: {key}"
        for key in keys
        if key not in fields
        and key not in HIDDEN_KEYS
        and payload(model, event.action, key) is None
    ]


def test_every_audit_key_of_the_samples_has_a_label(world):
    events = list(AuditEvent.objects.select_related("content_type"))
    assert len({event.action for event in events}) > 30
    unlabelled = sorted({key for event in events for key in _unlabelled(event)})
    assert unlabelled == [], "\n".join(unlabelled)
