"""Compose: turn what a user wrote (templates, files) into a validated draft mailout."""

from __future__ import annotations

import itertools
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mailbrake.addresses import AddressError, normalise_address
from mailbrake.errors import InputError, InputProblem, TemplateError
from mailbrake.mime.headers import check_no_line_break, parse_from
from mailbrake.mime.limits import RenderLimits
from mailbrake.mime.templates import CompiledTemplates, TemplatePartError, compile_templates
from mailbrake.models import Attachment, MailoutContent
from mailbrake.store import Store

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
# Recipients rendered at create so a template over the limits is refused there, not by a
# worker; `check` renders a larger sample (check_render_sample).
CREATE_RENDER_SAMPLE = 20


@dataclass(frozen=True, slots=True)
class Draft:
    """What the user asked for, before files are read."""

    list_name: str
    from_addr: str
    subject: str
    text_file: Path
    html_file: Path | None = None
    attachments: Sequence[Path] = ()


def read_text(path: Path, option: str) -> str:
    if not path.is_file():
        raise InputError([InputProblem(option, f"{path} does not exist or is not a file")])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        where = f"{path} (byte {exc.start})"
        raise InputError([InputProblem(option, f"{where} is not UTF-8 text")]) from None


def read_attachment(path: Path) -> Attachment:
    if not path.is_file():
        raise InputError([InputProblem("--attach", f"{path} does not exist or is not a file")])
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        limit = MAX_ATTACHMENT_BYTES // (1024 * 1024)
        raise InputError([InputProblem("--attach", f"{path} is {size:,} bytes (limit {limit} MB)")])
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Attachment(path.name, content_type, path.read_bytes())


def check_from(from_addr: str) -> str:
    check_no_line_break(from_addr, "--from")
    display, address = parse_from(from_addr)
    try:
        normalise_address(address)
    except AddressError as exc:
        raise InputError([InputProblem("--from", f"{from_addr!r}: {exc}")]) from None
    return from_addr if display else address


def build_content(draft: Draft) -> MailoutContent:
    check_no_line_break(draft.subject, "--subject")
    return MailoutContent(
        from_addr=check_from(draft.from_addr),
        subject=draft.subject,
        text=read_text(draft.text_file, "--text"),
        html=read_text(draft.html_file, "--html") if draft.html_file else None,
        attachments=tuple(read_attachment(p) for p in draft.attachments),
    )


def check_fields(
    store: Store,
    list_id: int,
    list_name: str,
    content: MailoutContent,
    limits: RenderLimits | None = None,
) -> None:
    """The templates render within the limits, and every field they need is there.

    A field some recipients lack is fine only if the templates cope without it (a default or
    an if-block); that is found by rendering once without the field.
    """
    templates = compile_templates(content, limits)
    used = set(templates.fields)
    _require_within_limits(store, list_id, templates, used)
    missing = {
        field: count
        for field, count in store.missing_fields(list_id, used).items()
        if not _renders_without(templates, used, field)
    }
    if not missing:
        return
    total = store.count_recipients(list_id)
    parts = [f"'{f}' is missing for {n:,} of {total:,} recipients" for f, n in missing.items()]
    raise TemplateError(
        f"The templates use fields that list {list_name!r} does not have for everyone: "
        f"{'; '.join(parts)}.",
        hint="Fill them in (re-import the CSV with that column) or give a default in the "
        "template, e.g. {{ first_name | default('colleague') }}.",
    )


def _require_within_limits(
    store: Store, list_id: int, templates: CompiledTemplates, used: set[str]
) -> None:
    """Render with placeholder fields and for the first recipients; a limit error is raised.

    Other render errors (a field a recipient lacks) are left to the missing-field check,
    which explains them better.
    """
    samples = [dict.fromkeys(used | {"email", "name"}, "x")]
    recipients = store.iter_recipients(list_id, page=CREATE_RENDER_SAMPLE)
    samples += [r.template_fields() for r in itertools.islice(recipients, CREATE_RENDER_SAMPLE)]
    for fields in samples:
        try:
            templates.render(fields)
        except TemplatePartError as exc:
            if exc.limit:
                raise
        except TemplateError:
            continue


def _renders_without(templates: CompiledTemplates, used: set[str], field: str) -> bool:
    sample = {name: "x" for name in used | {"email", "name"} if name != field}
    try:
        templates.render(sample)
    except TemplateError:
        return False
    return True


def compose(
    store: Store, draft: Draft, *, created_by: str = "", limits: RenderLimits | None = None
) -> int:
    """Validate everything (the templates within `limits`), then store a draft; returns its id."""
    target = store.get_list(draft.list_name)
    content = build_content(draft)
    check_fields(store, target.id, target.name, content, limits)
    return store.create_mailout(target.id, content, created_by=created_by)


@dataclass(frozen=True, slots=True)
class Edit:
    """What to change in a mailout; None keeps the current value."""

    subject: str | None = None
    text_file: Path | None = None
    html_file: Path | None = None
    attachments: Sequence[Path] | None = None  # replaces all attachments when given


def edit(
    store: Store,
    mailout_id: int,
    change: Edit,
    *,
    actor: str,
    limits: RenderLimits | None = None,
) -> None:
    """Change a draft, checked or held mailout; it becomes a draft again (check again)."""
    mailout = store.get_mailout(mailout_id)
    old = mailout.content
    if change.subject is not None:
        check_no_line_break(change.subject, "--subject")
    content = MailoutContent(
        from_addr=old.from_addr,
        subject=old.subject if change.subject is None else change.subject,
        text=old.text if change.text_file is None else read_text(change.text_file, "--text"),
        html=old.html if change.html_file is None else read_text(change.html_file, "--html"),
        attachments=old.attachments
        if change.attachments is None
        else tuple(read_attachment(p) for p in change.attachments),
    )
    target = store.get_list(mailout.list_name)
    check_fields(store, target.id, target.name, content, limits)
    store.update_content(mailout_id, content, actor=actor)
