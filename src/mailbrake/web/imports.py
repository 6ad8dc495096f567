"""A CSV upload into a list through the same importer as `mailbrake subscribers import`."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path, PurePath

from mailbrake.errors import InputError, InputProblem
from mailbrake.importer import ImportReport, import_csv
from mailbrake.store import Store

MAX_CSV_BYTES = 50 * 1024 * 1024


def safe_name(filename: str) -> str:
    """The upload's base name only (never a path the client chose), for messages."""
    name = PurePath(filename.replace("\\", "/")).name.strip()
    return "".join(c for c in name if c.isprintable() and c not in "/\0")[:100] or "upload.csv"


def import_upload(
    store: Store, list_name: str, filename: str, data: bytes, *, actor: str, strict: bool = False
) -> ImportReport:
    """Import the bytes; problems name the uploaded file and line ("people.csv:17")."""
    name = safe_name(filename)
    if len(data) > MAX_CSV_BYTES:
        raise InputError([InputProblem(name, f"is {len(data):,} bytes; the limit is 50 MB")])
    with tempfile.TemporaryDirectory(prefix="mailbrake-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        prefix = f"{path}"
        try:
            report = import_csv(store, list_name, path, strict=strict, actor=actor)
        except InputError as exc:
            raise InputError([_renamed(p, prefix, name) for p in exc.problems],
                             hint=exc.hint) from None  # fmt: skip
    report.problems[:] = [_renamed(p, prefix, name) for p in report.problems]
    return report


def _renamed(problem: InputProblem, prefix: str, name: str) -> InputProblem:
    return replace(problem, where=problem.where.replace(prefix, name))
