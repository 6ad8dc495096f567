"""Excel (.xlsx): every sheet, hidden ones too, one tab-separated line per row."""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import datetime, timedelta

from mailbrake.extract.limits import Budget, Extraction, Source
from mailbrake.extract.ooxml import Element, capped, iter_closed, local, open_package, parse_part
from mailbrake.models import Location, TextSegment

# Read straight from the XML: openpyxl takes ~80 ms to import and ~5 ms a workbook to set up
# styles the check never looks at; this reader needs neither.

# Built-in number formats that show a date (ECMA-376 18.8.30).
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
# A custom format is a date format when a d, m or y remains outside quotes and brackets.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_TOKEN = re.compile(r"[dmy]", re.IGNORECASE)
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def extract_xlsx(source: Source, budget: Budget) -> Extraction:
    """One segment per sheet; detail is the sheet name, "(hidden sheet)" added when hidden."""
    package = open_package(source, budget)
    if isinstance(package, Extraction):
        return package
    segments: list[TextSegment] = []
    with package:
        if "xl/workbook.xml" not in package.NameToInfo:
            raise ValueError("no xl/workbook.xml")
        workbook = parse_part(package, "xl/workbook.xml", budget)
        strings = _shared_strings(package, budget)
        date_styles = _date_styles(package, budget)
        epoch = _epoch(workbook)
        for name, state, path in _sheets(package, workbook, budget):
            rows = _rows(package, path, budget, strings, date_styles, epoch)
            text = "\n".join(rows)
            if text.strip():
                detail = name if state == "visible" else f"{name} (hidden sheet)"
                segments.append(TextSegment(Location("attachment", source.name, detail), text))
    return capped(segments, source, budget)


def _sheets(
    package: zipfile.ZipFile, workbook: Element, budget: Budget
) -> list[tuple[str, str, str]]:
    """(name, state, part path) of each worksheet, in workbook order."""
    rels = parse_part(package, "xl/_rels/workbook.xml.rels", budget)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    sheets = []
    for node in workbook.iter():
        if local(node.tag) != "sheet":
            continue
        target = targets.get(node.get(f"{{{_REL_NS}}}id") or node.get("id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        path = posixpath.normpath(path)
        if path in package.NameToInfo:  # chartsheets and dialog sheets have no cells to read
            sheets.append((node.get("name", "?"), node.get("state", "visible"), path))
    return sheets


def _shared_strings(package: zipfile.ZipFile, budget: Budget) -> list[str]:
    if "xl/sharedStrings.xml" not in package.NameToInfo:
        return []
    strings: list[str] = []
    for element in iter_closed(package, "xl/sharedStrings.xml", budget):
        if local(element.tag) == "si":
            strings.append(_string_item(element))
            element.clear()
    return strings


def _string_item(item: Element) -> str:
    """Plain or rich text; phonetic guides (rPh) repeat the text and are left out."""
    parts: list[str] = []
    for child in item:
        tag = local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(parts)


def _date_styles(package: zipfile.ZipFile, budget: Budget) -> frozenset[int]:
    """Indexes of the cell styles (cellXfs) whose number format shows a date."""
    if "xl/styles.xml" not in package.NameToInfo:
        return frozenset()
    root = parse_part(package, "xl/styles.xml", budget)
    custom = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "")
        for f in root.iter()
        if local(f.tag) == "numFmt"
    }
    dates = {i for i, code in custom.items() if _DATE_TOKEN.search(_FORMAT_NOISE.sub("", code))}
    xfs = next((n for n in root if local(n.tag) == "cellXfs"), None)
    if xfs is None:
        return frozenset()
    ids = [int(xf.get("numFmtId", "0")) for xf in xfs if local(xf.tag) == "xf"]
    return frozenset(i for i, fmt in enumerate(ids) if fmt in _DATE_FORMAT_IDS or fmt in dates)


def _epoch(workbook: Element) -> datetime:
    for node in workbook.iter():
        if local(node.tag) == "workbookPr" and node.get("date1904") in ("1", "true"):
            return datetime(1904, 1, 1)
    return datetime(1899, 12, 30)


def _rows(
    package: zipfile.ZipFile,
    path: str,
    budget: Budget,
    strings: list[str],
    date_styles: frozenset[int],
    epoch: datetime,
) -> list[str]:
    """Rows as tab-separated lines, stopping once more than the text limit has been read."""
    lines: list[str] = []
    cells: list[str] = []
    total = 0
    for element in iter_closed(package, path, budget):
        tag = local(element.tag)
        if tag == "c":
            value = _cell_text(element, strings, date_styles, epoch)
            if value:
                cells.append(value)
        elif tag == "row":
            line = "\t".join(cells)
            cells = []
            total += len(line) + 1  # empty rows count too, so a sheet of blank rows ends
            if line:
                lines.append(line)
            if total > budget.limits.max_text_chars:
                break
            element.clear()
    return lines


def _cell_text(
    cell: Element, strings: list[str], date_styles: frozenset[int], epoch: datetime
) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter() if local(t.tag) == "t")
    raw = next((v.text or "" for v in cell if local(v.tag) == "v"), "")
    if not raw:
        return ""
    if kind == "s":
        index = int(raw)
        return strings[index] if 0 <= index < len(strings) else ""
    if kind != "n":  # str (formula result), b, e, d: the stored text is what a reader sees
        return raw
    return _number_text(raw, int(cell.get("s", "0")) in date_styles, epoch)


def _number_text(raw: str, is_date: bool, epoch: datetime) -> str:
    # A birth date reads as "1985-04-01", not 31138; 4.1111111111111E+15 as the whole number.
    try:
        number = float(raw)
    except ValueError:
        return raw
    if is_date and 0 < number < 2_958_466:  # Excel's last day is 9999-12-31
        moment = epoch + timedelta(days=number)
        return moment.date().isoformat() if moment.time() == datetime.min.time() else str(moment)
    if number.is_integer() and abs(number) < 1e20:
        return str(int(number))
    return raw
