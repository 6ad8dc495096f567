"""Users: add, look up, change role, disable, passwords and API tokens; every change audited."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from mailbrake.addresses import AddressError, normalise_address
from mailbrake.audit import AuditEvent
from mailbrake.errors import ConflictError, InputError, InputProblem, NotFoundError
from mailbrake.people import AuthenticationError, Role, User, password_matches
from mailbrake.store.audit import AuditOps
from mailbrake.store.tables import users

MAX_NAME_LENGTH = 400
ADD_HINT = "Add one with `mailbrake users add`."


class UserOps(AuditOps):
    def count_users(self) -> int:
        with self.engine.connect() as conn:
            return _count(conn)

    def add_user(
        self,
        email: str,
        *,
        name: str,
        role: Role,
        actor: str,
        manager: str = "",
        password_hash: str | None = None,
        bootstrap: bool = False,
    ) -> User:
        """Add a user. With `bootstrap`, only if there are no users yet (the first admin)."""
        address = normal_address(email, "EMAIL")
        values = {
            "email": address,
            "name": _clean_name(name),
            "role": role.value,
            "manager": normal_address(manager, "--manager") if manager.strip() else "",
            "created_at": self.clock.now(),
            "disabled": False,
            "password_hash": password_hash,
        }
        with self.engine.begin() as conn:
            self.lock_audit_chain(conn)  # serialises the checks below with other user changes
            if bootstrap and _count(conn) > 0:
                raise ConflictError(
                    "There are users already, so this is not the first admin.",
                    hint="Run the command again as an admin: `--as ADMIN_EMAIL`.",
                )
            if _find(conn, address) is not None:
                raise ConflictError(f"A user {address!r} exists already.")
            conn.execute(users.insert().values(**values))
            details = {"name": values["name"], "role": role.value, "manager": values["manager"]}
            if bootstrap:
                details["bootstrap"] = True
            self.record_event(actor, "user.added", "user", address, details, conn=conn)
            return as_user(must_find(conn, address))

    def get_user(self, email: str) -> User:
        try:
            address = normalise_address(email)
        except AddressError:
            raise NotFoundError("user", email, hint=ADD_HINT) from None
        with self.engine.connect() as conn:
            return as_user(must_find(conn, address))

    def list_users(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.email)).all()
        return [as_user(row) for row in rows]

    def set_role(self, email: str, role: Role, *, actor: str) -> User:
        address = normal_address(email, "EMAIL")
        with self.engine.begin() as conn:
            self.lock_audit_chain(conn)
            before = as_user(must_find(conn, address))
            if before.role is role:
                return before
            if before.role is Role.ADMIN:
                _keep_an_admin(conn, before, "take the admin role from")
            conn.execute(users.update().where(users.c.email == address).values(role=role.value))
            details = {"from": before.role.value, "to": role.value}
            self.record_event(actor, "user.role_changed", "user", address, details, conn=conn)
            return as_user(must_find(conn, address))

    def set_disabled(self, email: str, disabled: bool, *, actor: str) -> User:
        """Disable (or enable again) a user; a disabled user may do nothing at all."""
        address = normal_address(email, "EMAIL")
        with self.engine.begin() as conn:
            self.lock_audit_chain(conn)
            before = as_user(must_find(conn, address))
            if before.disabled == disabled:
                return before
            if disabled and before.role is Role.ADMIN:
                _keep_an_admin(conn, before, "disable")
            changed: dict[str, Any] = {"disabled": disabled}
            if disabled:  # enabled again later, the sessions open now stay ended
                changed["sessions_from"] = self.clock.now()
            conn.execute(users.update().where(users.c.email == address).values(**changed))
            action = "user.disabled" if disabled else "user.enabled"
            self.record_event(actor, action, "user", address, conn=conn)
            return as_user(must_find(conn, address))

    def set_password_hash(self, email: str, password_hash: str, *, actor: str) -> None:
        address = normal_address(email, "EMAIL")
        with self.engine.begin() as conn:
            must_find(conn, address)
            # A new password ends the web sessions signed in with the old one.
            changed = {"password_hash": password_hash, "sessions_from": self.clock.now()}
            conn.execute(users.update().where(users.c.email == address).values(**changed))
            self.record_event(actor, "user.password_set", "user", address, conn=conn)

    def sign_out(self, email: str) -> None:
        """End every web session of the user, wherever it was signed in (audited)."""
        address = normal_address(email, "EMAIL")
        with self.engine.begin() as conn:
            must_find(conn, address)
            now = self.clock.now()
            conn.execute(users.update().where(users.c.email == address).values(sessions_from=now))
            self.record_event(address, "user.logout", "user", address, conn=conn)

    def check_password(self, email: str, password: str) -> User:
        """The enabled user with this e-mail and password, or AuthenticationError."""
        refused = AuthenticationError("Wrong e-mail address or password.")
        try:
            address = normalise_address(email)
        except AddressError:
            raise refused from None
        with self.engine.connect() as conn:
            row = _find(conn, address)
        stored = row.password_hash if row is not None else None
        if not password_matches(stored, password) or row is None or row.disabled:
            raise refused
        return as_user(row)

    def record_login(self, user: User, *, method: str = "password") -> AuditEvent:
        return self.record_event(user.email, "user.login", "user", user.email, {"method": method})


def normal_address(raw: str, where: str) -> str:
    try:
        return normalise_address(raw)
    except AddressError as exc:
        raise InputError([InputProblem(where, f"{raw!r}: {exc}")]) from None


def _clean_name(name: str) -> str:
    clean = name.strip()
    if not clean or len(clean) > MAX_NAME_LENGTH:
        reason = f"a name needs 1 to {MAX_NAME_LENGTH} characters"
        raise InputError([InputProblem("--name", reason)])
    return clean


def _count(conn: sa.Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one())


def _find(conn: sa.Connection, address: str) -> sa.Row[Any] | None:
    return conn.execute(sa.select(users).where(users.c.email == address)).first()


def must_find(conn: sa.Connection, address: str) -> sa.Row[Any]:
    row = _find(conn, address)
    if row is None:
        raise NotFoundError("user", address, hint=ADD_HINT)
    return row


def _keep_an_admin(conn: sa.Connection, user: User, doing: str) -> None:
    others = conn.execute(
        sa.select(sa.func.count())
        .select_from(users)
        .where(users.c.role == Role.ADMIN.value, users.c.disabled.is_(False))
        .where(users.c.id != user.id)
    ).scalar_one()
    if int(others) == 0:
        raise ConflictError(
            f"Cannot {doing} {user.email}: they are the last enabled admin, and without one "
            "nobody could manage users or the emergency switch.",
            hint="Make someone else an admin first.",
        )


def as_user(row: sa.Row[Any]) -> User:
    return User(
        id=int(row.id),
        email=row.email,
        name=row.name,
        role=Role(row.role),
        manager=row.manager,
        created_at=row.created_at,
        disabled=bool(row.disabled),
        sessions_from=row.sessions_from,
    )
