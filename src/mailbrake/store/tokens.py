"""API tokens: issue (shown once, stored as SHA-256), verify, revoke, list; changes audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mailbrake.errors import ConflictError, InputError, InputProblem, NotFoundError
from mailbrake.people import AuthenticationError, User, new_token, token_digest
from mailbrake.store.audit import AuditOps
from mailbrake.store.tables import api_tokens, users
from mailbrake.store.users import as_user, must_find, normal_address

MAX_TOKEN_NAME = 200
# Last use is recorded at most this often per token, so a busy script does not turn every
# read-only command into a database write.
TOUCH_EVERY = timedelta(minutes=1)
NEW_TOKEN_HINT = (
    "Sign in again with `mailbrake login`, or ask an admin for `mailbrake users token`."
)


@dataclass(frozen=True, slots=True)
class ApiToken:
    """What is known about a token (never the token itself)."""

    id: int
    email: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None


class TokenOps(AuditOps):
    def issue_token(self, email: str, *, actor: str, name: str = "") -> str:
        """A new API token for an enabled user: returned once, only its SHA-256 is stored."""
        token = new_token()
        address = normal_address(email, "EMAIL")
        label = _clean_token_name(name)
        with self.engine.begin() as conn:
            user = as_user(must_find(conn, address))
            if user.disabled:
                raise ConflictError(f"{address} is disabled; a disabled user gets no tokens.")
            token_id = conn.execute(
                api_tokens.insert()
                .values(
                    user_id=user.id,
                    token_hash=token_digest(token),
                    created_at=self.clock.now(),
                    name=label,
                )
                .returning(api_tokens.c.id)
            ).scalar_one()
            details: dict[str, Any] = {"token_id": int(token_id)}
            if label:
                details["name"] = label
            self.record_event(actor, "user.token_issued", "user", address, details, conn=conn)
        return token

    def verify_token(self, token: str, *, touch: bool = True) -> User:
        """The enabled user a live API token belongs to, or AuthenticationError.

        `touch` records the last use (at most once a minute); a stop passes False so that it
        never waits for a database write lock just to note who it was."""
        query = (
            sa.select(users, api_tokens.c.id.label("token_id"), api_tokens.c.revoked_at,
                      api_tokens.c.last_used_at)
            .join(api_tokens)
            .where(api_tokens.c.token_hash == token_digest(token))
        )  # fmt: skip
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise AuthenticationError("That API token is not valid.", hint=NEW_TOKEN_HINT)
        if row.revoked_at is not None:
            raise AuthenticationError(
                f"That API token (id {row.token_id}, of {row.email}) was revoked "
                f"{row.revoked_at:%Y-%m-%d %H:%M} UTC.",
                hint=NEW_TOKEN_HINT,
            )
        if row.disabled:
            raise AuthenticationError(f"The API token belongs to {row.email}, who is disabled.")
        now = self.clock.now()
        if touch and (row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY):
            with self.engine.begin() as conn:
                conn.execute(
                    api_tokens.update()
                    .where(api_tokens.c.id == row.token_id)
                    .values(last_used_at=now)
                )
        return as_user(row)

    def revoke_token(self, token: str, *, actor: str) -> ApiToken | None:
        """Revoke the token with this value (logout); None if it is unknown or revoked."""
        with self.engine.begin() as conn:
            row = conn.execute(
                _listing().where(api_tokens.c.token_hash == token_digest(token))
            ).first()
            if row is None or row.revoked_at is not None:
                return None
            return self._revoke(conn, [int(row.id)], row.email, actor)[0]

    def revoke_tokens(
        self, email: str, *, actor: str, token_id: int | None = None
    ) -> list[ApiToken]:
        """Revoke one of EMAIL's live tokens (by id), or all of them; returns those revoked."""
        address = normal_address(email, "EMAIL")
        with self.engine.begin() as conn:
            user = as_user(must_find(conn, address))
            query = _listing().where(api_tokens.c.user_id == user.id)
            live = conn.execute(query.where(api_tokens.c.revoked_at.is_(None))).all()
            ids = [int(r.id) for r in live if token_id is None or int(r.id) == token_id]
            if token_id is not None and not ids:
                raise NotFoundError(
                    "live token", f"{token_id} of {address}",
                    hint=f"See the tokens with `mailbrake users tokens {address}`.",
                )  # fmt: skip
            return self._revoke(conn, ids, address, actor) if ids else []

    def list_tokens(self, email: str) -> list[ApiToken]:
        address = normal_address(email, "EMAIL")
        with self.engine.connect() as conn:
            user = as_user(must_find(conn, address))
            rows = conn.execute(
                _listing().where(api_tokens.c.user_id == user.id).order_by(api_tokens.c.id)
            ).all()
        return [_token(r) for r in rows]

    def _revoke(
        self, conn: sa.Connection, ids: list[int], address: str, actor: str
    ) -> list[ApiToken]:
        conn.execute(
            api_tokens.update()
            .where(api_tokens.c.id.in_(ids))
            .values(revoked_at=self.clock.now(), revoked_by=actor)
        )
        self.record_event(actor, "user.token_revoked", "user", address, {"token_ids": ids},
                          conn=conn)  # fmt: skip
        rows = conn.execute(_listing().where(api_tokens.c.id.in_(ids))).all()
        return [_token(r) for r in rows]


def _listing() -> sa.Select[Any]:
    return sa.select(api_tokens, users.c.email).join(users)


def _token(row: sa.Row[Any]) -> ApiToken:
    return ApiToken(
        id=int(row.id),
        email=row.email,
        name=row.name,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
    )


def _clean_token_name(name: str) -> str:
    clean = " ".join(name.split())
    if len(clean) > MAX_TOKEN_NAME:
        reason = f"a token name may have at most {MAX_TOKEN_NAME} characters"
        raise InputError([InputProblem("--name", reason)])
    return clean
