"""The per-user credentials file where `mailbrake login` keeps API tokens, one per database."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from mailbrake.errors import MailbrakeError
from mailbrake.private_files import is_private, make_private_dir, write_private

FILE_NAME = "credentials.json"
VERSION = 1


class CredentialsFileError(MailbrakeError):
    """The credentials file cannot be read or is not safe to use."""

    exit_code = 4


@dataclass(frozen=True, slots=True)
class StoredToken:
    """A token `mailbrake login` saved for one database."""

    database: str
    email: str
    token: str


def credentials_path() -> Path:
    """$XDG_CONFIG_HOME/mailbrake/credentials.json (~/.config/... when XDG_CONFIG_HOME is unset)."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    root = Path(base) if base else Path.home() / ".config"
    return root / "mailbrake" / FILE_NAME


def database_key(url: str) -> str:
    """Which database a token belongs to: the URL without its password, with SQLite paths
    made absolute (the same relative path in two folders is two databases)."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        return url
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        parsed = parsed.set(database=str(Path(parsed.database or "").resolve()))
    return parsed.render_as_string(hide_password=True)


def read_token(path: Path, database: str) -> StoredToken | None:
    entry = _load(path).get(database)
    if not isinstance(entry, dict):
        return None
    email, token = entry.get("email"), entry.get("token")
    if not isinstance(email, str) or not isinstance(token, str):
        return None
    return StoredToken(database, email, token)


def save_token(path: Path, stored: StoredToken) -> None:
    """Keep the token for its database (replacing an older one), in a 0600 file."""
    entries = _load(path)
    entries[stored.database] = {"email": stored.email, "token": stored.token}
    _write(path, entries)


def forget_token(path: Path, database: str) -> StoredToken | None:
    """Remove the token kept for this database; the file goes when it holds no more."""
    stored = read_token(path, database)
    entries = _load(path)
    if entries.pop(database, None) is None:
        return stored
    if entries:
        _write(path, entries)
    else:
        path.unlink(missing_ok=True)
    return stored


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    if not is_private(path):
        raise CredentialsFileError(
            f"The credentials file {path} may be read by other users, so it is not used.",
            hint=f"Run `chmod 600 {path}` (and sign in again if others could have read it).",
        )
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CredentialsFileError(
            f"The credentials file {path} cannot be read: {exc}.",
            hint="Delete it and sign in again with `mailbrake login`.",
        ) from None
    tokens = document.get("tokens") if isinstance(document, dict) else None
    return dict(tokens) if isinstance(tokens, dict) else {}


def _write(path: Path, entries: dict[str, Any]) -> None:
    make_private_dir(path.parent)
    document = {"version": VERSION, "tokens": entries}
    write_private(path, json.dumps(document, indent=2, sort_keys=True) + "\n")
