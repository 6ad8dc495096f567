"""`mailbrake login` and `logout`: a personal API token kept in a 0600 credentials file."""

from __future__ import annotations

import os
import socket
import sys

import click

from mailbrake.cli.context import AppContext, pass_app
from mailbrake.cli.credentials import (
    StoredToken,
    credentials_path,
    database_key,
    forget_token,
    read_token,
    save_token,
)
from mailbrake.cli.identity import TOKEN_VARIABLE, USER_VARIABLE
from mailbrake.people import AuthenticationError

NO_PASSWORD_HINT = (
    "A user without a password gets one from an admin (`mailbrake users set-password EMAIL`), "
    "or a token for MAILBRAKE_TOKEN (`mailbrake users token EMAIL`)."
)


@click.command("login")
@click.option("--email", default=None, help="Your address (default: MAILBRAKE_USER, else asked).")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin, no prompt.")
@click.option("--name", default="", help="A name for the token (default: 'login on HOST').")
@pass_app
def login(app: AppContext, email: str | None, password_stdin: bool, name: str) -> None:
    """Sign in with e-mail and password; keeps a new API token for this database."""
    address = (email or os.environ.get(USER_VARIABLE, "")).strip()
    if not address:
        address = click.prompt("E-mail", err=True).strip()
    if password_stdin:
        password = sys.stdin.read().removesuffix("\n").removesuffix("\r")
    else:
        password = click.prompt(f"Password for {address}", hide_input=True, err=True)
    try:
        user = app.store.check_password(address, password)
    except AuthenticationError as exc:
        raise AuthenticationError(exc.message, hint=NO_PASSWORD_HINT) from None
    path = credentials_path()
    key = database_key(app.settings.database_url)
    label = name or f"login on {socket.gethostname()}"
    token = app.store.issue_token(user.email, actor=user.email, name=label)
    previous = read_token(path, key)
    save_token(path, StoredToken(key, user.email, token))
    app.store.record_login(user, method="password")
    if previous is not None:
        # The file held the only copy of the old token: revoke it rather than orphan it.
        app.store.revoke_token(previous.token, actor=user.email)
    click.echo(f"Signed in as {user.email} ({user.role}). Token kept in {path} (mode 0600).")
    app.err.print("`mailbrake logout` revokes it and removes it from that file.", highlight=False)
    if os.environ.get(TOKEN_VARIABLE, "").strip():
        app.err.print(f"Note: {TOKEN_VARIABLE} is set and wins over the kept token; unset it "
                      "to act as yourself.", highlight=False)  # fmt: skip


@click.command("logout")
@pass_app
def logout(app: AppContext) -> None:
    """Revoke the token `mailbrake login` kept for this database, and remove it."""
    path = credentials_path()
    key = database_key(app.settings.database_url)
    stored = read_token(path, key)
    if stored is None:
        click.echo(f"Not signed in to this database: {path} holds no token for it.")
        return
    # Revoke first: a token that is only deleted from the file would still work if copied.
    revoked = app.store.revoke_token(stored.token, actor=stored.email)
    forget_token(path, key)
    already = "" if revoked is not None else " (it was revoked already)"
    click.echo(f"Signed out {stored.email}: token revoked{already} and removed from {path}.")
