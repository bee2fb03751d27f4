"""``abadi indicators --area CODE [--year YYYY [--month M] | --start D --end D |
--occasion NAME_OR_ID] [--as-of YYYY/MM/DD] [--key KEY …] [--json] [--as USERNAME]``."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from abadi.accounts.selectors import active_user
from abadi.core.actors import SYSTEM
from abadi.core.indicators import VIEW_INDICATORS, format_percent, get_indicator
from abadi.core.jalali import MONTH_NAMES, format_jalali, parse_jalali
from abadi.core.permissions import has_perm
from abadi.core.persian import to_latin_digits, to_persian_digits
from abadi.reporting.presentation import (
    breakdown_rows,
    format_value,
    text_table,
    unit_label,
)
from abadi.reporting.selectors import area_label, indicator_area, indicator_values

JSON_KEYS = ("key", "name", "value", "reason", "target", "percent", "unit", "kind", "breakdown")


def _date(text: str, option: str):
    try:
        return parse_jalali(text)
    except ValidationError as error:
        raise CommandError(f"{option}: {' '.join(error.messages)}") from error


def _number(text: str, field: str) -> int:
    try:
        return int(to_latin_digits(text).strip())
    except ValueError as error:
        raise CommandError(f"{field} باید عدد باشد، نه «{text}».") from error


class Command(BaseCommand):
    help = (
        "Every indicator for an area: flows over a Jalali year or month (all time without"
        " --year), states now. CODE: a Statistical Centre code, IR, or an area name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="e.g. 24, 2401, IR or اردبیل")
        parser.add_argument("--year", help="Jalali year, e.g. 1401")
        parser.add_argument("--month", help="Jalali month 1-12 (needs --year)")
        parser.add_argument("--start", help="first day of a period, Jalali (with --end)")
        parser.add_argument("--end", help="last day of a period, Jalali")
        parser.add_argument(
            "--occasion",
            help="an occasion's id or name (e.g. «هفته بسیج سازندگی ۱۴۰۱»): its days are the period",
        )
        parser.add_argument(
            "--as-of", dest="as_of", help="the day states are read on, Jalali (default: today)"
        )
        parser.add_argument(
            "--key", action="append", dest="keys", help="only this indicator (repeatable)"
        )
        parser.add_argument("--json", action="store_true", help="a JSON list instead of a table")
        parser.add_argument("--as", dest="username", help="compute as this user (their scope)")

    def handle(self, *args, **options) -> None:
        actor: Any = SYSTEM
        if options["username"]:
            user = active_user(username=options["username"])
            if user is None:
                raise CommandError(f"کاربر فعالی با نام «{options['username']}» وجود ندارد.")
            if not has_perm(user, VIEW_INDICATORS):
                raise CommandError(f"کاربر «{user.username}» اجازهٔ دیدن شاخص‌ها را ندارد.")
            actor = user
        year = _number(options["year"], "سال") if options["year"] else None
        month = _number(options["month"], "ماه") if options["month"] else None
        start, end, as_of = (
            _date(options[name], label) if options[name] else None
            for name, label in (("start", "--start"), ("end", "--end"), ("as_of", "--as-of"))
        )
        try:
            area = indicator_area(actor=actor, text=options["area"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        try:
            values = indicator_values(
                actor=actor,
                area=area,
                year=year,
                month=month,
                start=start,
                end=end,
                as_of=as_of,
                keys=options["keys"],
                occasion=options["occasion"],
            )
        except ValidationError as error:
            messages = (
                error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]
            )
            raise CommandError(" ".join(m for group in messages for m in group)) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            rows = [
                {
                    **{key: row[key] for key in JSON_KEYS},
                    "as_of": format_jalali(row["as_of"], persian_digits=False),
                }
                for row in values
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self._title(area, values, year, month))
        self.stdout.write(self._table(values))

    @staticmethod
    def _title(area, values: list[dict], year: int | None, month: int | None) -> str:
        if not values:
            return f"شاخص‌های {area_label(area)}\n"
        first = values[0]
        if first.get("occasion"):
            period = (
                f"{to_persian_digits(first['occasion'])} "
                f"({format_jalali(first['start'])} تا {format_jalali(first['end'])})"
            )
        elif year is not None and month is not None:
            period = f"{MONTH_NAMES[month - 1]} {to_persian_digits(year)}"
        elif year is not None:
            period = f"سال {to_persian_digits(year)}"
        else:
            start = format_jalali(first["start"]) if first["start"] else "آغاز"
            period = f"از {start} تا {format_jalali(first['end'])}"
        return (
            f"شاخص‌های {area_label(area)} — {period}؛ وضعیت‌ها در {format_jalali(first['as_of'])}\n"
        )

    @staticmethod
    def _table(values: list[dict]) -> str:
        header = ["شاخص", "واحد", "عملکرد", "برنامه", "درصد تحقق"]
        rows = [
            [
                to_persian_digits(row["name"]),
                unit_label(row["unit"]),
                format_value(row["value"], row["unit"]),
                format_value(row["target"], row["unit"]),
                format_percent(row["percent"]),
            ]
            for row in values
        ]
        lines = [text_table(header, rows)]
        for row in values:
            parts = breakdown_rows(
                get_indicator(row["key"]), row["breakdown_name"], row["breakdown"]
            )
            if parts:
                lines.append(f"\n{to_persian_digits(row['name'])}:")
                lines.extend(
                    f"  {to_persian_digits(part['label'])}: {format_value(part['value'], row['unit'])}"
                    for part in parts
                )
        if not values:
            lines.append("هیچ شاخصی برای نمایش نیست.")
        return "\n".join(lines)
