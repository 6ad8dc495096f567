"""People and roles: who may do what (one table), passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mailbrake.errors import InputError, InputProblem, MailbrakeError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
TOKEN_PREFIX = "mb_"


class Role(StrEnum):
    SENDER = "sender"
    APPROVER = "approver"
    ADMIN = "admin"


ANYONE = frozenset(Role)
SENDER_UP = frozenset({Role.SENDER, Role.APPROVER, Role.ADMIN})
APPROVER_UP = frozenset({Role.APPROVER, Role.ADMIN})
ADMIN_ONLY = frozenset({Role.ADMIN})

# The one table of who may do what. A stop is open to everyone on purpose: stopping a wrong
# mailout must never wait for the right person to be found (see docs/audit.md).
PERMISSIONS: dict[str, frozenset[Role]] = {
    "lists.create": SENDER_UP,
    "lists.import": SENDER_UP,
    "mailouts.create": SENDER_UP,
    "mailouts.send": SENDER_UP,
    "mailouts.approve": APPROVER_UP,
    "mailouts.stop": ANYONE,
    "audit.read": APPROVER_UP,
    "users.manage": ADMIN_ONLY,
    "emergency": ADMIN_ONLY,
    "incidents.read": SENDER_UP,
    "incidents.manage": SENDER_UP,
    "incidents.close": APPROVER_UP,
}


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    name: str
    role: Role
    manager: str
    created_at: datetime
    disabled: bool = False
    # Web sessions signed in before this are void (None: none ended yet).
    sessions_from: datetime | None = None


class PermissionDeniedError(MailbrakeError):
    """A user tried something their role (or their disabled account) does not allow."""

    exit_code = 4

    def __init__(self, user: User, action: str, allowed: frozenset[Role]) -> None:
        roles = ", ".join(r.value for r in Role if r in allowed)
        if user.disabled:
            message = f"{user.email} is disabled and may not do anything, including {action!r}."
            hint = f"An admin can enable the account: `mailbrake users enable {user.email}`."
        else:
            message = (
                f"{user.email} is {_article(user.role)} {user.role}; {action!r} needs the role "
                f"{roles}."
            )
            hint = "An admin can change roles with `mailbrake users set-role EMAIL ROLE`."
        super().__init__(message, hint=hint)
        self.user = user
        self.action = action
        self.allowed = allowed


class AuthenticationError(MailbrakeError):
    """A password or API token did not identify an enabled user."""

    exit_code = 4


def allowed_roles(action: str) -> frozenset[Role]:
    try:
        return PERMISSIONS[action]
    except KeyError:
        # A programming error, not a user's: refuse loudly rather than allow by default.
        raise ValueError(f"unknown action {action!r}; add it to PERMISSIONS") from None


def can(user: User, action: str) -> bool:
    return not user.disabled and user.role in allowed_roles(action)


def require(user: User, action: str) -> User:
    """Return the user if they may do `action`, else raise PermissionDeniedError."""
    allowed = allowed_roles(action)
    if user.disabled or user.role not in allowed:
        raise PermissionDeniedError(user, action, allowed)
    return user


def parse_role(raw: str, where: str = "ROLE") -> Role:
    try:
        return Role(raw.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        problem = InputProblem(where, f"{raw!r} is not a role; use one of {choices}")
        raise InputError([problem]) from None


def check_password_rules(password: str, where: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        reason = f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
        raise InputError([InputProblem(where, reason)])
    if len(password) > MAX_PASSWORD_LENGTH:
        reason = f"a password may have at most {MAX_PASSWORD_LENGTH} characters"
        raise InputError([InputProblem(where, reason)])


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    """An argon2id hash (salted, with its parameters) of a password that passes the rules.

    The default hasher uses argon2-cffi's recommended cost; the parameters travel inside the
    hash, so raising them later still verifies old hashes.
    """
    check_password_rules(password)
    return (hasher or PasswordHasher()).hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        # Same work as a real check, so a missing hash is not told apart by timing.
        PasswordHasher().hash(password)
        return False
    try:
        return PasswordHasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A fresh API token: shown once, never stored."""
    return f"{TOKEN_PREFIX}{secrets.token_urlsafe(32)}"


def token_digest(token: str) -> str:
    """What the database keeps of a token. Tokens are random, so a plain SHA-256 suffices."""
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def _article(role: Role) -> str:
    return "an" if role.value[0] in "aeiou" else "a"
