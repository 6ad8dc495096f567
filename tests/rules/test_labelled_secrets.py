"""Credentials given the way people hand them over: a PIN with its number, a list of recovery
codes, a key on the line below its label, a pre-shared key under its local name, a password
column whose header says which password, a Redis URL with only a password; and what only
looks like them."""

from __future__ import annotations

import pytest

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules import Scanner
from tests.rules.helpers import kinds, scan_text

CR = Category.CREDENTIALS

FOUND = [
    ("Your desk phone's voicemail PIN 582614 works from any extension.", "access_code"),
    ("The new SIM arrived; its PIN is 7305 and the PUK 40817263.", "access_code"),
    ("Die PIN der Firmenkarte lautet 6071, bitte nicht notieren.", "access_code"),
    ("Le code PIN de la carte carburant : 2958.", "access_code"),
    ("Mijn pincode voor de printer is 44817 als je iets moet afdrukken.", "access_code"),
    ("Il PIN del telefono di servizio è 9043.", "access_code"),
    ("La combinación de la caja fuerte del almacén es 61-20-47.", "access_code"),
    ("Der Tresor im Keller hat jetzt die Kombination 17-44-09.", "access_code"),
    ("De code van de voordeur is 5 2 8 1 # vanaf maandag.", "access_code"),
    (
        "Backup codes for the team account, keep them safe:\n\n4821 9930\n1077 2654\n"
        "8315 4402\n6190 7738\n",
        "recovery_codes",
    ),
    (
        "Hier deine Wiederherstellungscodes:\n\nk3v9-q2mz\nw8rt-5nxa\np4hd-7cue\n",
        "recovery_codes",
    ),
    ("Kody zapasowe do konta:\n1. 39271844\n2. 50682713\n3. 71940256\n", "recovery_codes"),
    (
        "Bitte nutzen Sie den folgenden API-Schlüssel:\n\n"
        "9c1e4a7b2f8d3e6a0b5c9d2e7f1a4b8c3d6e9f02\n",
        "secret",
    ),
    ("Utilisez la clé suivante :\n\nQm7xT2vR9kLp4Wn8Zs3Yc6Hd1Fj5Gb0A\n\nMerci.", "secret"),
    ("Usa questa chiave:\n  tY8pM3wQ7zR2kV6nB4xC9sL1dF5hJ0gAe\n", "secret"),
    ("WPA2-Schlüssel: Elbtunnel!Hafen-73", "pre_shared_key"),
    ("Clé WPA2 : Garonne-Pont!2025", "pre_shared_key"),
    ("Clave precompartida (PSK): Rt6#Mk2vWq9Zp4Lx", "pre_shared_key"),
    ("Chiave condivisa: Hs3$Nv8qTz5Lw1Rk", "pre_shared_key"),
    ("Klucz współdzielony (PSK): Zm4#Qr7tVx2Nb9Kp", "pre_shared_key"),
    ("Chave pré-partilhada: Lp2$Wq8mRt5Zx7Nv", "pre_shared_key"),
    ("WPA2-sleutel: Grachten!Fiets-2025", "pre_shared_key"),
    ("redis://:pW8xq2LmZt7RvK3n@cache-2.example.net:6379/0", "connection_string"),
    ("Signing secret: whsec_8fQz2LmP4xT7kR9vW3nB6yC1dH5jS0aE", "webhook_secret"),
    ("Your temporary password:\n\nBirch!Canal-27\n\nChange it at first sign-in.", "password"),
    ("Passwort:\nKastanie#2026\n", "password"),
    ("Wachtwoord voor de gastaccount:\n  Zeilboot!42\n", "password"),
    ("Code d'accès : Garonne!27", "password"),
    ("Zugangscode: Elbe#2026x", "password"),
    ("For the ftp box the pass is Quay!4471 until Friday.", "password"),
    ("Zugang für die Aushilfe: aushilfe3 / Linde!2026", "password"),
]


@pytest.mark.parametrize(("text", "kind"), FOUND)
def test_a_secret_handed_over_this_way_is_found(text: str, kind: str) -> None:
    assert kind in kinds(text, CR)


TABLES = [
    "Name | Login | Temp password\nAnna Berg | aberg | quartz-lemon-harbor-58\n",
    "Name | Benutzer | Initialpasswort\nJan Roth | jroth | Birke-Tonne-Wiese-12\n",
    "Nom | Identifiant | Mot de passe provisoire\nLuc Morel | lmorel | sable-orage-pomme-90\n",
    "Naam | Gebruiker | Startwachtwoord\nBram Kok | bkok | molen-dijk-kaas-45\n",
    "Imię | Login | Hasło tymczasowe\nEwa Nowak | enowak | lipa-rzeka-most-77\n",
]


@pytest.mark.parametrize("text", TABLES)
def test_a_password_column_whose_header_says_which_password_is_found(text: str) -> None:
    assert "password_table" in kinds(text, CR)


def test_a_password_column_below_other_lines_is_found_under_its_own_header() -> None:
    # The header is found in the whole text; its line is the line of the word, not the line
    # before it, whose line break the pattern may take as the word's separator.
    for header in ("Password | Login | Name", "Initialpasswort | Benutzer | Name"):
        rows = f"{header}\nBirke-Tonne-58 | aberg | Anna Berg\n"
        assert "password_table" in kinds(f"Hi all,\nhere are the new accounts.\n{rows}", CR)


LOOK_ALIKES = [
    "Enter your PIN at the terminal; the PIN pad 2231 is at the front desk.",
    "The PIN was changed in 2024 after the audit.",
    "Please pin the agenda for the 2025 offsite to the channel.",
    "Your backup codes are in the password manager, not in this mail.",
    "Public key:\n\nAAAAC3NzaC1lZDI1NTE5AAAAIHk2m9Q0zQ1pXr7WcY3vB\n",
    "Commit id:\n\n4f9c2a7e1b3d8f6a0c5e9b2d7f1a3c8e6b0d4f92\n",
    "Replace LA_TUA_CHIAVE_API with your key: X-Api-Key: LA_TUA_CHIAVE_API",
    "Name | Login | Temp password\nAnna Berg | aberg | (sent by text message)\n",
    "The guest Wi-Fi is called Harbour-Guest; ask reception for the key.",
    "Order references:\n\nA-2231\nA-2232\nA-2233\n",
    "Private key:\n\n/etc/ssl/private/web-2024-proxy.pem\n",
    "Your licence key:\n\nQ7RXK-9TBMV-3WJ4P-KD8FY-2MHG6\n",
    "Verification codes for the parcels:\nAB123\nCD456\nEF789\n",
    "Password:\nPlease use the reset link in the previous mail.\n",
    "Passwort:\n********\n",
    "Please pass FY2025 figures on to finance by Friday.",
    "Your boarding pass is attached, gate B22.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_what_only_looks_like_a_handed_over_secret_is_not_one(text: str) -> None:
    assert not kinds(text, CR)


def test_these_secrets_are_found_alike_with_and_without_hyperscan() -> None:
    texts = [text for text, _kind in FOUND] + TABLES + LOOK_ALIKES
    segments = [TextSegment(Location("body"), text) for text in texts]
    fast, plain = Scanner(use_hyperscan=True), Scanner(use_hyperscan=False)
    assert set(fast.detect(segments)) == set(plain.detect(segments))


def test_the_snippet_never_shows_the_secret() -> None:
    for text, secret in {
        "Le code PIN de la carte carburant : 2958.": "2958",
        "Backup codes:\n4821 9930\n1077 2654\n8315 4402\n": "4821",
        "Usa questa chiave:\n  tY8pM3wQ7zR2kV6nB4xC9sL1dF5hJ0gAe\n": "tY8pM3wQ",
        "Signing secret: whsec_8fQz2LmP4xT7kR9vW3nB6yC1dH5jS0aE": "8fQz2LmP",
    }.items():
        findings = scan_text(text)
        assert findings
        assert all(secret not in f.snippet for f in findings)
