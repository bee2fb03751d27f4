"""``abadi report press --area CODE --year YYYY [--as-of YYYY/MM/DD] [--occasion NAME_OR_ID]
[--suppress N] [--format text|pdf] [--output FILE] [--as USERNAME]``;
``abadi report indicators --area CODE [--year YYYY] [--as-of …] [--occasion …]
--format pdf|xlsx [--output FILE]``; ``abadi report county --area CODE --year YYYY
[--output FILE]`` (a county's year as PDF, with its charts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from abadi.accounts.selectors import active_user
from abadi.core.actors import SYSTEM
from abadi.core.indicators import VIEW_INDICATORS
from abadi.core.jalali import parse_jalali
from abadi.core.permissions import has_perm
from abadi.core.persian import to_latin_digits
from abadi.reporting.selectors import indicator_area

FORMATS = {"press": ("text", "pdf"), "indicators": ("pdf", "xlsx"), "county": ("pdf",)}


def _messages(error: ValidationError) -> str:
    groups = error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]
    return " ".join(message for group in groups for message in group)


def _number(text: str | None, label: str) -> int | None:
    if text is None:
        return None
    try:
        return int(to_latin_digits(text).strip())
    except ValueError as error:
        raise CommandError(f"{label} باید عدد باشد، نه «{text}».") from error


class Command(BaseCommand):
    help = (
        "Reports for an area: `press` (the press summary, text or PDF), `indicators` (the"
        " indicator table, PDF or xlsx), `county` (a county's year, PDF with charts)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", choices=sorted(FORMATS), help="press, indicators or county")
        parser.add_argument("--area", required=True, help="e.g. 24, 2401, IR or اردبیل")
        parser.add_argument("--year", help="Jalali year, e.g. 1401")
        parser.add_argument(
            "--as-of", dest="as_of", help="the day states are read on, Jalali (e.g. 1401/02/18)"
        )
        parser.add_argument("--occasion", help="the week's occasion, its id or name")
        parser.add_argument(
            "--suppress", help="write counts under N as «کمتر از N» (published figures)"
        )
        parser.add_argument("--format", dest="fmt", help="text|pdf (press), pdf|xlsx (indicators)")
        parser.add_argument("--output", help="the file to write (default: press-24-1401.pdf …)")
        parser.add_argument("--as", dest="username", help="write it as this user (their scope)")

    def handle(self, *args, **options) -> None:
        report = options["report"]
        fmt = options["fmt"] or FORMATS[report][0]
        if fmt not in FORMATS[report]:
            raise CommandError(
                f"قالب «{fmt}» برای {report} نیست؛ یکی از: {'، '.join(FORMATS[report])}."
            )
        actor = self._actor(options["username"])
        year = _number(options["year"], "سال")
        suppress = _number(options["suppress"], "--suppress")
        try:
            as_of = parse_jalali(options["as_of"]) if options["as_of"] else None
            area = indicator_area(actor=actor, text=options["area"])
            content = self._render(
                report,
                fmt,
                actor=actor,
                area=area,
                year=year,
                as_of=as_of,
                occasion=options["occasion"],
                suppress=suppress,
            )
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        except PermissionDenied as error:
            raise CommandError(str(error) or "این منطقه در حوزهٔ دسترسی شما نیست.") from error
        if isinstance(content, str) and not options["output"]:
            self.stdout.write(content, ending="")
            return
        path = Path(options["output"] or f"{report}-{area.code}-{year or 'all'}.{fmt}")
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        self.stdout.write(str(path))

    def _actor(self, username: str | None) -> Any:
        if not username:
            return SYSTEM
        user = active_user(username=username)
        if user is None:
            raise CommandError(f"کاربر فعالی با نام «{username}» وجود ندارد.")
        if not has_perm(user, VIEW_INDICATORS):
            raise CommandError(f"کاربر «{user.username}» اجازهٔ دیدن شاخص‌ها را ندارد.")
        return user

    def _render(self, report: str, fmt: str, *, actor, area, year, as_of, occasion, suppress):
        from abadi.reporting import exports_pdf

        if report in ("press", "county") and year is None:
            raise CommandError("--year لازم است، مثلاً --year 1401.")
        if report == "press":
            from abadi.reporting.press import press_summary

            summary = press_summary(
                actor=actor,
                area=area,
                year=year,
                as_of=as_of,
                occasion=occasion,
                suppress=suppress,
            )
            return summary.as_text() if fmt == "text" else exports_pdf.press_pdf(summary)
        if report == "county":
            return exports_pdf.county_report_pdf(actor=actor, area=area, year=year)
        rows = exports_pdf.indicator_table(
            actor=actor, area=area, year=year, as_of=as_of, occasion=occasion
        )
        if fmt == "xlsx":
            return exports_pdf.indicators_xlsx(rows=rows, title=area.name)
        label = exports_pdf.period_label(year=year, as_of=as_of, occasion=occasion, rows=rows)
        return exports_pdf.indicators_pdf(area=area, rows=rows, period=label)
