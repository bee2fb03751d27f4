"""A shipment's steps, written once (``abadi.core.workflow``).

dispatched (the truck leaves the warehouse, its manifest issued from stock) → delivered
(who received it, when, what differed). Delivery is never dated before the dispatch, nor
in the future. Services check each step here; the shipment page and the API offer and run
the steps from this table.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from abadi.core.workflow import Done, Step, Workflow
from abadi.relief.models import ShipmentStatus
from abadi.relief.permissions import SHIP

FORMS = "abadi.relief.forms."
SCHEMAS = "abadi.relief.schemas."
SERVICES = "abadi.relief.services."


def _history(shipment) -> list[Done]:
    return [
        Done(action=action, actor_id=actor_id, on=on)
        for action, actor_id, on in shipment.steps.order_by("on", "at", "id").values_list(
            "action", "actor_id", "on"
        )
    ]


WORKFLOW = Workflow(
    name="relief",
    record_name="shipment",
    history=_history,
    status_labels=dict(ShipmentStatus.choices),
    steps=[
        Step(
            action="dispatch",
            label=_("اعزام محموله"),
            sources=(),
            target=ShipmentStatus.DISPATCHED,
            permissions=(SHIP,),
            service=SERVICES + "shipment_dispatch",
        ),
        Step(
            action="deliver",
            label=_("تأیید تحویل"),
            sources=(ShipmentStatus.DISPATCHED,),
            target=ShipmentStatus.DELIVERED,
            permissions=(SHIP,),
            form=FORMS + "DeliverForm",
            schema=SCHEMAS + "ShipmentDeliverIn",
            service=SERVICES + "shipment_deliver",
        ),
    ],
)
