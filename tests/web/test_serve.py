"""`mailbrake serve --demo`, the README's first command, as a real process: it prints the URL
and the accounts, a printed account signs in, /healthz sees its worker, logs can be JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import httpx
import pytest
from tests.fixtures.browser import MailbrakeServer

pytestmark = pytest.mark.slow
ACCOUNT = re.compile(r"^\s+(admin|approver|sender)\s+(\S+)\s+password (\S+)\s+API token (\S+)")


def test_the_demo_prints_accounts_that_sign_in(
    mailbrake_server: Callable[..., MailbrakeServer],
) -> None:
    server = mailbrake_server(None, "--demo", "--log-format", "json")
    accounts = {m.group(1): m.groups()[1:] for m in map(ACCOUNT.match, server.output) if m}
    assert set(accounts) == {"admin", "approver", "sender"}
    email, password, token = accounts["sender"]
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as client:
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json()["workers_in_process"] == 1
        form = client.get("/signin").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)
        assert csrf is not None
        signed_in = client.post(
            "/signin", data={"email": email, "password": password, "csrf": csrf.group(1)}
        )
        assert signed_in.status_code == 303
        lists = client.get("/lists")
        assert "everyone" in lists.text
        api = client.get("/api/v1/lists", headers={"Authorization": f"Bearer {token}"})
        assert {item["name"]: item["active"] for item in api.json()} == {
            "everyone": 300,
            "managers": 40,
        }
    server.stop()
    logs = [line for line in server.output if line.startswith("{")]
    assert logs, "--log-format json wrote no JSON lines"
    assert all(json.loads(line)["level"] for line in logs)
