"""The downloadable template of an import kind: the headers to fill in, and a guide."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from abadi.core.exports import as_text
from abadi.core.imports.base import ImportKind


def write_template(kind: ImportKind, out: IO[bytes]) -> None:
    """An xlsx with the Persian headers (required ones marked), an example row, a
    drop-down list where a column takes a few words, and a guide sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(kind.label)[:31]
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    required_fill = PatternFill("solid", fgColor="F8CBAD")
    optional_fill = PatternFill("solid", fgColor="E2EFDA")
    example_font = Font(italic=True, color="7F7F7F")
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        header = as_text(sheet.cell(row=1, column=index, value=str(column.label)))
        header.font = Font(bold=True)
        header.fill = required_fill if column.required else optional_fill
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if column.help:
            header.comment = Comment(str(column.help), "Abadi")
        example = as_text(sheet.cell(row=2, column=index, value=column.example or None))
        example.font = example_font
        # Text cells: Excel keeps the leading zeros of codes and leaves dates as written.
        for row in range(2, 1002):
            sheet.cell(row=row, column=index).number_format = "@"
        sheet.column_dimensions[letter].width = max(14, len(str(column.label)) + 6)
        if column.choices:
            validation = DataValidation(
                type="list", formula1='"{}"'.format(",".join(column.choices)), allow_blank=True
            )
            validation.add(f"{letter}2:{letter}1001")
            sheet.add_data_validation(validation)

    guide = workbook.create_sheet(_("راهنما"))
    guide.sheet_view.rightToLeft = True
    guide.append(
        [_("ستون"), _("لازم"), _("سرستون‌های دیگری که پذیرفته می‌شود"), _("نمونه"), _("توضیح")]
    )
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in kind.columns:
        guide.append(
            [
                str(column.label),
                _("بله") if column.required else _("خیر"),
                "، ".join(column.aliases),
                column.example,
                str(column.help),
            ]
        )
    guide.append([])
    guide.append(
        [
            _(
                "ردیف ۲ کاربرگ نخست نمونه است و اگر همان‌گونه بماند بارگذاری نمی‌شود. "
                "رقم‌های فارسی و لاتین، «ي» و «ك» عربی و تاریخ شمسی به شکل‌های ۱۴۰۱/۰۲/۱۸، "
                "1401-2-18 و 1401.2.18 پذیرفته می‌شوند."
            )
        ]
    )
    for row in guide.iter_rows():
        for cell in row:
            as_text(cell)
    for letter, width in zip("ABCDE", (24, 8, 40, 18, 60), strict=True):
        guide.column_dimensions[letter].width = width
    workbook.save(out)
