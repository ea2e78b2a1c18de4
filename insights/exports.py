"""CSV and XLSX downloads of the dashboard's tables, built from the same `Table` objects the page shows."""

import csv
import io

from openpyxl import Workbook

from .selectors import Table

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: str) -> str:
    """Stop a spreadsheet reading a cell as a formula (CSV injection): prefix a quote to risky first characters."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def table_csv(table: Table, *, notes: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in table.head])
    for row in table.all_rows():
        writer.writerow([neutralise(c) for c in row])
    writer.writerow([])
    for note in notes:
        writer.writerow([neutralise(note)])
    return buffer.getvalue().encode("utf-8-sig")


def table_xlsx(table: Table, *, notes: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.slug[:31]
    sheet.append([neutralise(h) for h in table.head])
    for row in table.all_rows():
        sheet.append([neutralise(c) for c in row])
    sheet.append([])
    for note in notes:
        sheet.append([neutralise(note)])
    for cells in sheet.iter_rows():  # every cell is text, never a formula, whatever openpyxl would guess
        for cell in cells:
            if cell.value is not None:
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
