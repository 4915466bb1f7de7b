"""A report table as CSV or Excel: the same cells as on the page, small numbers hidden the same way.

CSV uses a semicolon and a byte-order mark, so Dutch Excel opens it with the columns and the
decimal commas right. Excel files are made with openpyxl, with counts and days as numbers.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from .periods import Period
from .presentation import WITHHELD_TEXT, cell_value, text_rows
from .selectors import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(label: str) -> str:
    """A label as text in a spreadsheet: one that starts like a formula gets a quote first.

    Labels are names typed in Beheer (organisations, municipalities); "=..." would otherwise run
    as a formula in Excel (openpyxl even stores it as one).
    """
    return f"'{label}" if label.startswith(FORMULA_START) else label


def filename(name: str, period: Period, extension: str) -> str:
    return f"rapportage-{name}-{period.start:%Y%m%d}-{period.last:%Y%m%d}.{extension}"


def _download(content: bytes, *, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(table: Table, period: Period) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(table.columns)
    writer.writerows([as_text(label), *cells] for label, *cells in text_rows(table))
    return _download(
        buffer.getvalue().encode("utf-8-sig"),
        content_type="text/csv; charset=utf-8",
        name=filename(table.key, period, "csv"),
    )


def xlsx_response(table: Table, period: Period) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    sheet.append([f"{table.title}, {period.label}"])
    sheet.append(list(table.columns))
    if table.withheld:
        sheet.append([WITHHELD_TEXT])
    for row in table.rows:
        sheet.append([as_text(str(row[0])), *(cell_value(table, value) for value in row[1:])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), content_type=XLSX, name=filename(table.key, period, "xlsx"))
