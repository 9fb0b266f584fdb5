"""CSV files for spreadsheets: every export writes through ``writer``, which neutralises cells a
spreadsheet would run as a formula (OWASP "CSV injection"): a text cell beginning with =, +, -,
@, a tab or a carriage return gets a leading apostrophe, which Excel and LibreOffice show as text.
"""
import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class _NeutralisingWriter:
    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])


def writer(out, **options) -> _NeutralisingWriter:
    """``csv.writer(out, **options)`` whose rows are neutralised cell by cell."""
    return _NeutralisingWriter(out, **options)
