"""Zip archives: each member read through the same extractors, within depth and size bounds."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from mailbrake.extract.limits import MB, Budget, Extraction, Source, Unscannable
from mailbrake.models import Location

# A member that inflates more than this many times over is treated as a zip bomb...
_MAX_RATIO = 100
# ...once it is big enough to matter (text compresses 10x; sparse logs far more).
_RATIO_FLOOR = 1 * MB

ReadMember = Callable[[Source, Budget], Extraction]


def first_member_matching(data: bytes, names: tuple[str, ...]) -> str:
    """The first of `names` that `data`, a zip, holds; "" if none or if it is not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return next((name for name in names if name in archive.NameToInfo), "")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ""


def package_problem(data: bytes, budget: Budget) -> str:
    """Why an Office file (a zip) must not be unpacked: a zip bomb or too much in total."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
    if len(infos) > budget.limits.max_zip_members:
        return f"too many parts ({len(infos)} > {budget.limits.max_zip_members})"
    # zipfile never inflates a member past its declared size, so the headers can be trusted.
    if sum(info.file_size for info in infos) > budget.limits.max_zip_total_bytes:
        return _total_exceeded(budget)
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * max(
            info.compress_size, 1
        ):
            return f"compression ratio over {_MAX_RATIO}:1 in {info.filename} (zip bomb?)"
    return ""


def extract_zip(source: Source, budget: Budget, read_member: ReadMember) -> Extraction:
    """Every member's text; encrypted, oversized or too deeply nested members are unscannable."""
    here = Location("attachment", source.name)
    limits = budget.limits
    if source.depth >= limits.max_zip_depth:
        reason = f"archive nested too deep (more than {limits.max_zip_depth} levels)"
        return Extraction((), (Unscannable(here, reason),))
    result = Extraction()
    with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > limits.max_zip_members:
            reason = f"too many members ({len(members)} > {limits.max_zip_members})"
            return Extraction((), (Unscannable(here, reason),))
        for done, info in enumerate(members):
            if budget.archive_bytes_left < 0:
                rest = f"{_total_exceeded(budget)}; {len(members) - done} members not scanned"
                return result + Extraction((), (Unscannable(here, rest),))
            result = result + _member(archive, info, source, budget, read_member)
    return result


def _member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    source: Source,
    budget: Budget,
    read_member: ReadMember,
) -> Extraction:
    name = f"{source.name}/{info.filename}"
    problem = _refusal(info, budget)
    if problem:
        return Extraction((), (Unscannable(Location("attachment", name), problem),))
    try:
        data = _read_bounded(archive, info, budget)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        problem = f"corrupt zip member ({type(exc).__name__})"
    else:
        if isinstance(data, bytes):
            return read_member(Source(name, "", data, source.depth + 1), budget)
        problem = data
    return Extraction((), (Unscannable(Location("attachment", name), problem),))


def _refusal(info: zipfile.ZipInfo, budget: Budget) -> str:
    """Why a member cannot be read, judged from its header alone ("" if it can be tried)."""
    if info.flag_bits & 0x1:
        return "encrypted zip member"
    limit = budget.limits.max_attachment_bytes
    if info.file_size > limit:
        return f"too large ({info.file_size / MB:.0f} MB > {limit / MB:.0f} MB)"
    if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * max(info.compress_size, 1):
        return f"compression ratio over {_MAX_RATIO}:1 (zip bomb?)"
    if info.file_size > budget.archive_bytes_left:
        return _total_exceeded(budget)
    return ""


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes | str:
    """The member's bytes, or why not when it inflates past what the limits allow."""
    # Read at most the limit (+1 to notice when it is exceeded), whatever the header says.
    limit = budget.limits.max_attachment_bytes
    cap = min(limit, budget.archive_bytes_left)
    with archive.open(info) as handle:
        data = handle.read(cap + 1)
    budget.archive_bytes_left -= len(data)
    if len(data) <= cap:
        return data
    if cap == limit:
        return f"too large (more than {limit / MB:.0f} MB unpacked)"
    return _total_exceeded(budget)


def _total_exceeded(budget: Budget) -> str:
    total = budget.limits.max_zip_total_bytes
    return f"archive unpacks to more than {total / MB:.0f} MB in total"
