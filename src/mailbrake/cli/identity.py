"""Who runs a command: an API token (MAILBRAKE_TOKEN, else the one `mailbrake login` kept),
a password prompt for the commands that allow one, and an admin's `--as` acting for another."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from mailbrake.addresses import AddressError, normalise_address
from mailbrake.cli.credentials import credentials_path, database_key, read_token
from mailbrake.people import AuthenticationError, Role, User

if TYPE_CHECKING:
    from mailbrake.store import Store

TOKEN_VARIABLE = "MAILBRAKE_TOKEN"
USER_VARIABLE = "MAILBRAKE_USER"
# Commands a person may also run by typing their password: the decisions of a second pair of
# eyes and an admin's switches, which are run by hand. The rest need a token.
PROMPT_ACTIONS = frozenset({"mailouts.approve", "emergency", "users.manage"})
FOUR_EYES = frozenset({"mailouts.approve"})
# A stop never waits: not for a prompt, not for a write lock to note a token's last use.
NEVER_WAIT = frozenset({"mailouts.stop"})
SIGN_IN_HINT = (
    "Sign in with `mailbrake login`, or set MAILBRAKE_TOKEN to a token from "
    "`mailbrake users token EMAIL` (scripts and CI)."
)


class NotSignedInError(AuthenticationError):
    """No token, and the command may not ask for a password (or nobody typed one)."""

    def __init__(self, action: str, why: str = "", claimed: str = "") -> None:
        named = f" (the name {claimed} alone proves nothing)" if claimed else ""
        super().__init__(
            f"This command ({action}) needs to know who you are, and "
            f"{why or 'no token was given'}{named}.",
            hint=SIGN_IN_HINT,
        )
        self.action = action
        self.claimed = claimed


@dataclass(frozen=True, slots=True)
class Principal:
    """The user who proved who they are, and how (for messages and the audit trail)."""

    user: User
    method: str  # "MAILBRAKE_TOKEN", "login token" or "password"


def claimed_email(acting_as: str | None) -> str:
    """Who the person says they are (--as, else MAILBRAKE_USER); proves nothing."""
    return (acting_as or os.environ.get(USER_VARIABLE, "")).strip()


def authenticate(store: Store, database_url: str, action: str, claimed: str) -> Principal:
    """The signed-in user: a token if there is one, else (for PROMPT_ACTIONS) a password."""
    touch = action not in NEVER_WAIT
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if token:
        return _hinted(Principal(store.verify_token(token, touch=touch), TOKEN_VARIABLE))
    stored = read_token(credentials_path(), database_key(database_url))
    if stored is not None:
        return _hinted(Principal(store.verify_token(stored.token, touch=touch), "login token"))
    if action not in PROMPT_ACTIONS:
        raise NotSignedInError(action, claimed=claimed)
    return Principal(_prompt_password(store, action, claimed), "password")


def act_as(store: Store, principal: Principal, acting_as: str | None, action: str) -> User:
    """The user the command runs as: the principal, or with `--as` the user an admin names.

    Never for an approval: four eyes need the second person's own sign-in."""
    if not acting_as:
        return principal.user
    try:
        wanted = normalise_address(acting_as)
    except AddressError:
        wanted = acting_as.strip()
    me = principal.user
    if wanted == me.email:
        return me
    if me.disabled or me.role is not Role.ADMIN:
        raise AuthenticationError(
            f"--as {wanted} needs an admin's token; you are signed in as {me.email} "
            f"({me.role}), who may act only as themselves.",
            hint="Leave out --as to act as yourself, or sign in as that user.",
        )
    if action in FOUR_EYES:
        raise AuthenticationError(
            f"--as {wanted} cannot approve or reject: four eyes need {wanted}'s own sign-in, "
            "not an admin acting for them.",
            hint=f"{wanted} runs the command themselves (a token, or their password).",
        )
    store.acting_admin = me.email  # every event this command records names the admin too
    return store.get_user(wanted)


def _hinted(principal: Principal) -> Principal:
    """Say so when MAILBRAKE_USER names someone other than the token's user: the token wins."""
    hint = os.environ.get(USER_VARIABLE, "").strip()
    try:
        named = normalise_address(hint) if hint else ""
    except AddressError:
        named = hint
    if named and named != principal.user.email:
        click.echo(
            f"Note: MAILBRAKE_USER is {named}, but the {principal.method} is "
            f"{principal.user.email}'s; acting as {principal.user.email}.",
            err=True,
        )
    return principal


def _prompt_password(store: Store, action: str, claimed: str) -> User:
    try:
        email = claimed or click.prompt("E-mail", err=True)
        password: str = click.prompt(f"Password for {email}", hide_input=True, err=True)
    except click.Abort:
        why = "no token was given and no password typed"
        raise NotSignedInError(action, why, claimed) from None
    try:
        return store.check_password(email, password)
    except AuthenticationError as exc:
        raise AuthenticationError(exc.message, hint=SIGN_IN_HINT) from None
