"""What relief puts on the home page: shipments not yet confirmed delivered, bulk
distributions running, the packages headline, a distributor's handout shortcut."""

from django.utils.translation import gettext_lazy as _

from abadi.core.home import (
    Shortcut,
    Waiting,
    register_headline,
    register_shortcut,
    register_waiting,
)
from abadi.relief import selectors
from abadi.relief.models import RunStatus, ShipmentStatus
from abadi.relief.permissions import SHIP, VIEW_RELIEF

register_waiting(
    Waiting(
        key="relief.undelivered",
        label=_("محموله‌های امدادی در راه (تحویل تأیید نشده)"),
        permission=SHIP,
        count=lambda actor: selectors.shipment_list(
            actor=actor, status=ShipmentStatus.DISPATCHED
        ).count(),
        url_name="relief:shipment_list",
        query="status=dispatched",
        order=37,
    )
)
register_waiting(
    Waiting(
        key="relief.runs",
        label=_("توزیع‌های گروهی در جریان"),
        permission=VIEW_RELIEF,
        count=lambda actor: (
            selectors.run_list(actor=actor)
            .filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
            .count()
        ),
        url_name="relief:campaign_list",
        order=38,
    )
)
register_headline("relief.packages_value", order=37)
register_shortcut(
    Shortcut(
        label=_("پویش‌های امدادی و تحویل بسته"),
        url_name="relief:campaign_list",
        permission=VIEW_RELIEF,
        order=37,
    )
)
register_shortcut(
    Shortcut(
        label=_("اعزام محموله امدادی"),
        url_name="relief:shipment_create",
        permission=SHIP,
        order=38,
    )
)
