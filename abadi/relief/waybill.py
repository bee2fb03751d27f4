"""The printable waybill of a shipment (PDF, RTL, Vazirmatn)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from abadi.core.persian import number_to_words
from abadi.relief.models import Shipment

FONT_DIR = settings.BASE_DIR / "static" / "vendor" / "vazirmatn" / "fonts"


def waybill_html(shipment: Shipment) -> str:
    return render_to_string(
        "relief/waybill.html",
        {
            "shipment": shipment,
            "lines": shipment.lines.select_related("item", "kit").order_by("id"),
            "value_words": number_to_words(shipment.value),
            "font_regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
            "font_bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
        },
    )


def waybill_pdf(shipment: Shipment) -> bytes:
    # WeasyPrint takes about a second to import: only the waybill's own request pays it.
    from weasyprint import HTML

    return HTML(string=waybill_html(shipment), base_url=str(settings.BASE_DIR)).write_pdf()
