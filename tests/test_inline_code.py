"""The main pages carry no inline code: the Content-Security-Policy would refuse it.

No ``<script>`` without ``src`` (a ``type="application/json"`` data island is not run and
is allowed), no ``<style>`` element, no ``style=""``, no ``on…=""`` handler, no htmx
``hx-on`` code and no ``javascript:`` link.
"""

import pathlib
import re
from html.parser import HTMLParser

import pytest

from abadi.core.models import ImportBatch
from abadi.loans.models import Status
from abadi.loans.tests.conftest import (  # noqa: F401  (fixtures)
    advance,
    banks,
    line,
    register,
    staff,
)


class InlineCode(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        runs = tag == "script" and attributes.get("type") != "application/json"
        if runs and "src" not in attributes:
            self.found.append("<script> without src")
        for name, value in attrs:
            if name == "style" or name.startswith(("on", "hx-on")):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_checker_finds_each_kind_of_inline_code():
    html = (
        '<script>alert(1)</script><script type="application/json">{}</script>'
        '<script src="/x.js"></script><style>p{}</style><p style="color:red" onclick="x()">'
        '<a href="javascript:x()" hx-on:click="y()">'
    )
    assert len(inline_code(html)) == 6


@pytest.fixture
def pages(client, staff, register, advance, areas):  # noqa: F811  (the imported fixtures)
    application = advance(register(), Status.DISBURSED)
    batch = ImportBatch.objects.create(
        kind="persons",
        actor=staff.manager,
        original_name="persons.csv",
        status=ImportBatch.Status.VALIDATING,
        total_rows=10,
        progress=4,
    )
    return {
        "/accounts/login/": None,
        "/": staff.manager,
        "/people/": staff.manager,
        f"/people/{application.applicant_id}/": staff.manager,
        "/loans/": staff.manager,
        f"/loans/{application.pk}/": staff.manager,
        "/loans/lines/": staff.manager,
        f"/loans/lines/{application.credit_line_id}/": staff.manager,
        "/geography/2403/": staff.manager,
        "/geography/24/": staff.manager,
        "/reporting/?area=24&year=1401": staff.manager,
        "/reporting/records/loans.disbursed_amount/?area=24&year=1401": staff.manager,
        "/import/": staff.manager,
        "/import/persons/": staff.manager,
        f"/import/batch/{batch.pk}/": staff.manager,
        f"/import/batch/{batch.pk}/progress/": staff.manager,
    }


def test_the_main_pages_carry_no_inline_code(client, pages):
    found = {}
    for url, user in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        if problems := inline_code(response.content.decode()):
            found[url] = problems
    assert found == {}


ROOT = pathlib.Path(__file__).resolve().parents[1]
# Rendered to PDF by WeasyPrint, never served as a page under the Content-Security-Policy.
PRINTED = {
    "reporting/county_pdf.html",
    "reporting/press_pdf.html",
    "reporting/indicators_pdf.html",
    "funds/_pdf_style.html",
    "loans/introduction_letter.html",
    "training/certificate.html",
    "relief/waybill.html",
}
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle=")


def _page_templates():
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("abadi/*/templates/**/*.html")]:
        name = "/".join(path.parts[path.parts.index("templates") + 1 :])
        if name not in PRINTED:
            yield name, path.read_text()


def test_no_page_template_writes_a_style_attribute():
    """A style attribute the policy refuses leaves a bar without its width: every page
    template, not only the pages above, writes widths and sizes as classes."""
    templates = dict(_page_templates())
    assert len(templates) > 100
    found = [name for name, text in templates.items() if STYLE_ATTRIBUTE.search(text)]
    assert found == []
