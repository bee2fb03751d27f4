"""Printable documents of the funds module (PDF, RTL, Vazirmatn): the official receipt of
a donation, a donor's statement (what their money did) and a use's statement (where a
project's or a case's donated money came from)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from abadi.core import clock
from abadi.core.persian import number_to_words
from abadi.funds import selectors
from abadi.funds.models import Donation, Donor, Entry, UseKind

FONT_DIR = settings.BASE_DIR / "static" / "vendor" / "vazirmatn" / "fonts"


def _fonts() -> dict[str, Any]:
    return {
        "font_regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
        "font_bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
        "printed_on": clock.today(),
    }


def _pdf(html: str) -> bytes:
    # WeasyPrint takes about a second to import: only a document's own request pays it.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def receipt_html(*, actor, donation: Donation) -> str:
    return render_to_string(
        "funds/receipt.html",
        {
            "donation": donation,
            "reversal": donation.entry == Entry.REVERSAL,
            "donor_name": selectors.donor_label(actor=actor, donor=donation.donor),
            "items": list(selectors.donation_items(donation=donation)),
            "amount_words": number_to_words(abs(donation.amount)),
            "office_area": donation.area,
            **_fonts(),
        },
    )


def receipt_pdf(*, actor, donation: Donation) -> bytes:
    return _pdf(receipt_html(actor=actor, donation=donation))


def donor_statement_html(*, actor, donor: Donor) -> str:
    """What the donor's money did: each gift and, under it, the uses it went to. A
    statement handed to the donor names them (it is theirs); the uses are named by kind
    and number."""
    donations = list(
        selectors.donation_list(actor=actor, donor=donor.pk)
        .exclude(status="recorded")
        .prefetch_related("allocations")
        .order_by("received_on", "id")
    )
    return render_to_string(
        "funds/donor_statement.html",
        {
            "donor": donor,
            "donor_name": selectors.donor_label(actor=actor, donor=donor),
            "donations": donations,
            "totals": selectors.donor_giving(donor=donor),
            "office_area": donor.area,
            **_fonts(),
        },
    )


def donor_statement_pdf(*, actor, donor: Donor) -> bytes:
    return _pdf(donor_statement_html(actor=actor, donor=donor))


def use_statement_rows(*, actor, use_kind: str, use_id: int) -> list[dict[str, Any]]:
    return [
        {
            "allocation": allocation,
            "donation": allocation.donation,
            "donor_name": selectors.donor_label(actor=actor, donor=allocation.donation.donor),
        }
        for allocation in selectors.allocations_to(actor=actor, use_kind=use_kind, use_id=use_id)
    ]


def use_statement_html(*, actor, use_kind: str, use_id: int, title: str = "") -> str:
    rows = use_statement_rows(actor=actor, use_kind=use_kind, use_id=use_id)
    return render_to_string(
        "funds/use_statement.html",
        {
            "use_kind_label": UseKind(use_kind).label,
            "use_id": use_id,
            "title": title,
            "rows": rows,
            "total": sum(row["allocation"].rials for row in rows),
            **_fonts(),
        },
    )


def use_statement_pdf(*, actor, use_kind: str, use_id: int, title: str = "") -> bytes:
    return _pdf(use_statement_html(actor=actor, use_kind=use_kind, use_id=use_id, title=title))
