"""The printable letter that introduces an applicant to the agent bank (PDF, RTL, Vazirmatn)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from abadi.core.persian import number_to_words
from abadi.loans.models import Application

FONT_DIR = settings.BASE_DIR / "static" / "vendor" / "vazirmatn" / "fonts"


def introduction_letter_html(application: Application) -> str:
    line = application.credit_line
    applicant = application.applicant
    return render_to_string(
        "loans/introduction_letter.html",
        {
            "application": application,
            "applicant": applicant,
            "line": line,
            "office_area": line.area,
            "amount_words": number_to_words(application.approved_amount or 0),
            "font_regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
            "font_bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
        },
    )


def introduction_letter_pdf(application: Application) -> bytes:
    # WeasyPrint takes about a second to import: only the letter's own request pays it.
    from weasyprint import HTML

    html = introduction_letter_html(application)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
