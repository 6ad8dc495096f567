"""Credentials: provider formats, passwords, connection strings; not placeholders or advice."""

from __future__ import annotations

import pytest

from mailbrake.models import Category
from tests.rules.helpers import kinds, scan_text

CR = Category.CREDENTIALS


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("AWS_ACCESS_KEY_ID=AKIA5JL3Q4JKBA76IZIL", "aws_access_key"),
        ("token: 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", "github_token"),
        ("slack_bot_token: xoxb-759111770835-484195464045-FXYpKa7WlgfuDFmvDMnGb3q1", "slack_token"),
        ("MAPS_API_KEY=AIzakEJ47hTxGbSxDEAdWAPaTQHxDjfzhGs0beA", "google_api_key"),
        ("sk_live_51OWiNUsCTjuKoJeTmi2toM3pkMS3flKDiLpkZjbWqkEgg5LHN8", "stripe_key"),
        ("OPENAI_API_KEY=sk-proj-4f9Qw2LmZx8RtY7uVb3NcK1pHs6DjGe0", "openai_key"),
        (
            "TOKEN=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1Nzk1MDMxIn0.CVpFw6ek7-8b-pXf_uyf1MrU",
            "jwt",
        ),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAqwnl\n", "private_key"),
        ("Password: Falcon$6646Q", "password"),
        ('DB_PASSWORD: "wmVL4wynGj@8"', "password"),
        ("Passwort: Sommer#2024x", "password"),
        ("mot de passe : Soleil!8841", "password"),
        ("contraseña: Verano$7731", "password"),
        ("I've reset your password to Lantern#2728x. Please change it.", "password"),
        ("pw for the shared mailbox is Summer@9119! - please don't change it", "password"),
        ("admin user postgres, password 0R&QkcEU4$sUooNOIU", "password"),
        (
            "Failing DSN: postgresql://reporting:v$4jt0C8wU@db-1.corp.local:5432/x",
            "connection_string",
        ),
    ],
)
def test_credential_is_found(text: str, kind: str) -> None:
    assert kind in kinds(text, CR)


@pytest.mark.parametrize(
    "text",
    [
        "Never share your password with anyone, including IT.",
        "Passwords must be at least 14 characters.",
        "please don't log the password field from the connection form",
        "api_key = YOUR_API_KEY",
        "password: <password>",
        "password: ********",
        "password=changeme",
        "Set DB_PASSWORD=${DB_PASSWORD} in the environment",
        "AWS example key AKIAIOSFODNN7EXAMPLE from the docs",
        "commit 407738cc4e8b4a3c88989f0fb6ce14974cf1bb64",
        "checksum: 7b399764d37d611c00e0de66d969e5d2d9362264cd0f6fca62e592dd247e228a",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQENBFzXyZ0BCAC\n-----END PGP PUBLIC KEY BLOCK-----",
        "Connect to postgres://app:${PGPASSWORD}@db:5432/app",
        "Personal access tokens now expire after 90 days by default.",
    ],
)
def test_placeholders_advice_and_hashes_are_not_credentials(text: str) -> None:
    assert not kinds(text, CR)


def test_credential_snippets_never_show_the_secret() -> None:
    secrets = {
        "Password: Falcon$6646Q": "Falcon$6646Q",
        "AWS_ACCESS_KEY_ID=AKIA5JL3Q4JKBA76IZIL": "AKIA5JL3Q4JKBA76IZIL",
        "postgresql://reporting:v$4jt0C8wU@db-1.corp.local/x": "v$4jt0C8wU",
    }
    for text, secret in secrets.items():
        findings = scan_text(text)
        assert findings
        assert all(secret not in f.snippet for f in findings)
    assert any(f.snippet == "password: ********" for f in scan_text("password: Falcon$6646Q"))
