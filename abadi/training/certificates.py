"""The printable certificate of a completed course (PDF, RTL, Vazirmatn)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from abadi.core.persian import to_persian_digits
from abadi.training.models import Enrolment

FONT_DIR = settings.BASE_DIR / "static" / "vendor" / "vazirmatn" / "fonts"


def certificate_html(enrolment: Enrolment) -> str:
    course = enrolment.course
    return render_to_string(
        "training/certificate.html",
        {
            "enrolment": enrolment,
            "person": enrolment.person,
            "course": course,
            "hours": to_persian_digits(course.hours),
            "font_regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
            "font_bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
        },
    )


def certificate_pdf(enrolment: Enrolment) -> bytes:
    # WeasyPrint takes about a second to import: only a certificate's own request pays it.
    from weasyprint import HTML

    return HTML(string=certificate_html(enrolment), base_url=str(settings.BASE_DIR)).write_pdf()
