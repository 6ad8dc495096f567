"""Reading uploaded files from a form into domain values (attachments, CSV text)."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence

from starlette.datastructures import UploadFile

from mailbrake.errors import InputError, InputProblem
from mailbrake.models import Attachment
from mailbrake.pipeline.compose import MAX_ATTACHMENT_BYTES


async def attachments_of(files: Sequence[UploadFile]) -> tuple[Attachment, ...]:
    found = []
    for upload in files:
        if not upload.filename:
            continue  # an empty file input
        data = await upload.read(MAX_ATTACHMENT_BYTES + 1)
        if len(data) > MAX_ATTACHMENT_BYTES:
            limit = MAX_ATTACHMENT_BYTES // (1024 * 1024)
            raise InputError([InputProblem("attachments", f"{upload.filename} is over {limit} MB")])
        kind = upload.content_type or ""
        if not kind or kind == "application/octet-stream":
            kind = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
        found.append(Attachment(upload.filename, kind, data))
    return tuple(found)
