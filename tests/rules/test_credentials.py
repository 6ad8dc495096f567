"""Credentials: provider formats, passwords, connection strings; not placeholders or advice."""

from __future__ import annotations

import re

import pytest

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules import Scanner
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


CREDENTIALS_BY_LANGUAGE = [
    ("temporary password: maple-river-42-cloud", "password"),
    ("Your passphrase is correct-horse-battery-staple", "password"),
    ("Passwort für das VPN: Winter2024!", "password"),
    ("mot de passe provisoire : Hiver2024!", "password"),
    ("Contraseña provisional: Otono2024!", "password"),
    ("Tijdelijk wachtwoord: Zomer-2024-fiets", "password"),
    ("Je wachtwoord is Zomer2024!", "password"),
    ("La password temporanea è Estate#2024", "password"),
    ("Parola d'ordine: Girasole77", "password"),
    ("Hasło tymczasowe: Lato2024!x", "password"),
    ("Twoje hasło to Lato2024!x", "password"),
    ("Senha temporária: Verao2024#", "password"),
    ("A sua senha é Verao2024#", "password"),
    ("PSK: Gr33nH0use-Lan!", "pre_shared_key"),
    ("The pre-shared key is 7hX9-qLm2-Vp4z", "pre_shared_key"),
    ("VPN shared secret = q8Z!r2Lm9Wx", "pre_shared_key"),
    ("WLAN-Schlüssel: Haus-Garten-2024", "pre_shared_key"),
    ("Netwerksleutel: Fiets-Molen-88", "pre_shared_key"),
    ("Chiave di rete: Ciao-Mare-2024", "pre_shared_key"),
    ("Klucz sieci: Morze-Plaza-77", "pre_shared_key"),
    ("Chave de rede: Praia-Sol-2024", "pre_shared_key"),
    (
        "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2"
        "Nzg5MGFiY2RlZmdoaWprbG1ub3A=;EndpointSuffix=core.windows.net",
        "secret",
    ),
    (
        "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;"
        "SharedAccessKey=aGVsbG8td29ybGQtMTIzNDU2Nzg5MA==",
        "secret",
    ),
    ("Server=db1;Database=hr;User Id=sa;Password=Tr0ub4dor&3;", "password"),
    ("jdbc:sqlserver://db:1433;user=sa;password=$k5!TZ9yjVi8;encrypt=true", "password"),
    ("jdbc:mysql://db:3306/hr?user=app&password=S3cure!pass", "password"),
    ("Initial password: %8edyqBI9*cBzr$8Xv", "password"),
    # a spreadsheet or CSV attachment: cells joined by tabs or commas
    ("Username\tPassword\nalice\tS3cret!xy\nbob\tW1nter#22", "password_table"),
    ("user,wachtwoord\npiet,Zomer2024!\n", "password_table"),
    ("Setting\tValue\nAccountKey\tZm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==", "secret"),
    # a plain word in quotes right after the label is the password itself
    ('The guest wifi password is "sunflower".', "password"),
    ("Het wachtwoord is 'zonnebloem'", "password"),
    ('hasło: "słonecznik"', "password"),
    # HTTP and command-line credentials
    ("curl -u api_user:Zx9!kLm2Qp https://api.example.com/v1", "secret"),
    ("Authorization: Basic YWRtaW46czNjcjN0UGFzcw==", "secret"),
    ('curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9abcdef1234" https://x', "secret"),
    ("mysql -u root -pS3cretPass payroll", "secret"),
    # codes that open doors, alarms and safes
    ("Alarm code: 4821, back door via the car park.", "access_code"),
    ("Alarmcode für das Lager: 7391", "access_code"),
    ("Code du coffre : 2219", "access_code"),
    ("Código de la alarma: 5519", "access_code"),
    ("De deurcode is 2580#", "access_code"),
    ("Codice della cassaforte: 3047", "access_code"),
    ("Kod do sejfu: 739104", "access_code"),
    ("Código do alarme: 5519", "access_code"),
]


@pytest.mark.parametrize(("text", "kind"), CREDENTIALS_BY_LANGUAGE)
def test_credential_is_found_in_each_language_and_format(text: str, kind: str) -> None:
    assert kind in kinds(text, CR)


def test_a_credential_in_an_attachment_is_found_there() -> None:
    segment = TextSegment(
        Location("attachment", "accounts.xlsx", "sheet Logins"),
        "Service\tLogin\tPassword\nVPN\tjdoe\tK4yak!Riv3r",
    )
    findings = Scanner().detect([segment])
    assert [(f.kind, f.location.name) for f in findings] == [("password_table", "accounts.xlsx")]


CREDENTIAL_LOOK_ALIKES = [
    # an environment variable's name, not its value
    "DB_PASSWORD=\nAPI_KEY=\n",
    "export DB_PASSWORD=",
    "Set the ${DB_PASSWORD} variable before you start.",
    'key = os.environ["API_KEY"]',
    'password = os.environ["DB_PASSWORD"]',
    "db_password: process.env.DB_PASSWORD",
    "password = config.db_password",
    "password = get_password()",
    'curl -H "Authorization: Bearer YOUR_API_KEY" https://api.example.com/v1/reports',
    # advice and words that only look like values
    "Your password is out-of-date.",
    "Het wachtwoord moet minstens twaalf tekens hebben.",
    "La password deve essere cambiata ogni novanta giorni.",
    "Hasło musi mieć co najmniej 12 znaków.",
    "A senha deve ter pelo menos doze caracteres.",
    "Das Passwort muss mindestens zwölf Zeichen lang sein.",
    "Le mot de passe doit contenir au moins douze caractères.",
    "La contraseña debe tener al menos doce caracteres.",
    "wachtwoord: <jouw_wachtwoord>",
    "hasło: twoje_haslo",
    'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
    "Meeting access code: 123 456 789",
    "Door code: 0000 (factory default)",
    "The alarm code changes on 12/05/2024.",
    "PIN-4148 | Keypad PIN-4148 | $114.99",  # a product code, not a keypad's code
    '{"password": "string", "username": "string"}',  # a schema's field types
    'The password field is of type "hidden".',
    "Username\tPassword\tNotes\nalice\t********\treset on Monday",
]


@pytest.mark.parametrize("text", CREDENTIAL_LOOK_ALIKES)
def test_variable_names_advice_and_placeholders_are_not_credentials(text: str) -> None:
    assert not kinds(text, CR)


def test_credentials_are_found_alike_with_and_without_hyperscan() -> None:
    texts = [text for text, _kind in CREDENTIALS_BY_LANGUAGE] + CREDENTIAL_LOOK_ALIKES
    segments = [TextSegment(Location("body"), text) for text in texts]
    fast, plain = Scanner(use_hyperscan=True), Scanner(use_hyperscan=False)
    assert set(fast.detect(segments)) == set(plain.detect(segments))


def test_new_credential_snippets_never_show_the_secret() -> None:
    for text, secret in {
        "Hasło tymczasowe: Lato2024!x": "Lato2024!x",
        "temporary password: maple-river-42-cloud": "maple-river-42-cloud",
        "PSK: Gr33nH0use-Lan!": "Gr33nH0use-Lan!",
        "Username\tPassword\nalice\tS3cret!xy": "S3cret!xy",
    }.items():
        findings = scan_text(text)
        assert findings
        assert all(secret not in f.snippet for f in findings)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The admin password for the smartboards is still Willow123, type it in settings.", "password"),  # noqa: E501
        ("Das Passwort ist noch Sommer2024! bis zum Wechsel.", "password"),
        ("Para el wifi de operaciones: red EFB-AGP, clave Rmp#Tab2025!x . No la pongas.", "password"),  # noqa: E501
        ("A senha é ainda Lx!Porto77 até segunda.", "password"),
        ("Use this token in the connector:\n\nToken 5b1f0c9e2d7a4e88a3c6f0b1d2e3f4a5b6c7d8e9", "secret"),  # noqa: E501
        ("The API key is Zq7kR2mX9pL4wV8s for the staging tenant.", "secret"),
    ],
)  # fmt: skip
def test_a_secret_stated_in_a_sentence_is_found(text: str, kind: str) -> None:
    assert kind in kinds(text, Category.CREDENTIALS)


@pytest.mark.parametrize(
    "text",
    [
        "El punto clave del informe 2024 es la venta de la filial.",
        "Your token expires in 30 days; sign in again to renew it.",
        "The token is valid until 2025-01-01.",
        "The password is still the one IT sent you; do not share it.",
        "Your API key is shown once in the dashboard, under Settings.",
    ],
)
def test_a_sentence_about_a_secret_without_one_is_not_a_credential(text: str) -> None:
    assert not kinds(text, Category.CREDENTIALS)


# Values made up for these tests in each provider's published format.
PROVIDER_FORMATS = [
    ("HF_TOKEN=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", "huggingface_token"),
    ("password = pypi-AgEIcHlwaS5vcmc8_HZqJLGgmnvmdCUpbWYiuk-xaP_PWtlhGFQktNjYKqqWp9f7wPtewsgYqvB", "pypi_token"),  # noqa: E501
    ("X-Shopify-Access-Token: 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", "shopify_token"),
    ("VAULT_TOKEN=hvs.d0UFSPwmQfTIGORHPjNXhgjtOmj4n0iX0R7M-nnoTNjUVurMg3P8m9FYe6ibbzCpOFP5c63IUGE2BGe92Q0Sn1fXkmDffvW", "vault_token"),  # noqa: E501
    ("doctl auth init -t dop_v1_a8252d074a337600f176f16c1be51d92826b6641f4c4c3ac10ce499beaafc659", "digitalocean_token"),  # noqa: E501
    ("lin_api_5oswRmff2pvsoflkyeYTMsGo0R4FJpy02YSYBJke", "linear_key"),
    ("PMAK-5c949b4c8f6a82c822b3d6e0-1be3a7858017545c62f3d5c10acc50bd9d", "postman_key"),
    ("DATABRICKS_TOKEN=dapi9eagd1e35fgh88a8758341508h0hde53", "databricks_token"),
    ("NEW_RELIC_API_KEY=NRAK-9DUX6NNM800GNI7HHDJ51JMOZ2W", "newrelic_key"),
    ("glsa_2dwWol5yDCJTsulRGvERlRi1u8QjGKXo_24eae7fe", "grafana_token"),
    ("figd_BI6zDPYKV9hH25Xa-Zibe4qn91DU6vBFiai8MyDu", "figma_token"),
    ("sbp_ebfc99a584c97566da2961e3572a56611a622f57", "supabase_key"),
    ("sq0atp-6g5Twsrx5lT0BVGxWP5bZc", "square_token"),
    ("curl --user api:key-6478bcabfd3f53a1e29d92f94c3d9ccf https://api.mailgun.net", "mailgun_key"),
    ("ATATT3H34xGqazCIMSe-LWGzRBkSs5yzQMl542k-mAtbkP8u73C629fXkQRe74AWAxOJPsHocb8ymEB0BwSsXgMq3rFrD9nzAWNn0NzpRbMcr81SNGU4fEhFNJhs_Q0wkpw5VWfQhpbB4AvL7aKUPTe1AxK4pW2lhn6HvRI15z7PT-a4c2Ss7cHKXJgWJVuT=71001F63", "atlassian_token"),  # noqa: E501
    ("dp.st.iu0sgtQE4gTtvTnyAQwan5r8yhRGnqAW7GppayANSoy", "doppler_token"),
    ("bot token: 417556788:AAJJxaqYtSoqLuuRmLjA8cBN3GB523juOzl", "telegram_bot_token"),
    ("client secret ARC8Q~dsU.8IlvIjuDOAgdMIPzxTHzC..SfNg1PS for the app", "azure_client_secret"),
    ("https://discord.com/api/webhooks/278777490292421949/GYvHod1SNOsaf0L8qwmOif2u-rtmUzsPS9NucsM8ayv64tZzKBKklaAlS8tLpLU-WSMZ", "discord_webhook"),  # noqa: E501
    ("https://contoso.webhook.office.com/webhookb2/1964e59c-9019-b5d6-96d8-aa072b505a59@4b042991-827f-d157-014b-408e4bf38e37/IncomingWebhook/39d98da4d2f410cd677ed9dc77f2473b/d88d584f-c7ec-9382-ac47-4aaaafb56fdf", "teams_webhook"),  # noqa: E501
    ("https://acct.blob.core.windows.net/c/f.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31T00:00:00Z&sig=gsg5vjZ4MkaEdTGjJ7dvqlFF3hPp5N1Dvhq7UpFS%3D", "azure_sas"),  # noqa: E501
    ("runner registered with glrt-DvCHQ-foOPiWTgzicJ9G", "gitlab_token"),
    ("SLACK_APP_TOKEN=xapp-1-AYZ2MW7FOI3-8161663895624-36d0c09e47ea7437cfdfe052a3fa93acf1fd3de861557301da91cca26deaf516", "slack_token"),  # noqa: E501
]  # fmt: skip
PROVIDER_LOOK_ALIKES = [
    "See hf_config.json and call hf_hub_download() for the weights.",
    "Sessions live in the key-value store; see key-rotation.md.",
    "Write to dapi@example.org about the data API.",
    "The Teams webhook URL is in the vault, not in this mail.",
    "Join us on Discord: https://discord.com/invite/k8Vd3xQ",
    "https://contoso.sharepoint.com/sites/hr/Shared%20Documents/plan.docx?web=1",
    "Order 417556788:AA-12 ships on Monday.",
    "The NRAK-style keys are user keys; ask IT for one.",
    "pip install pypi-simple==1.0",
]


@pytest.mark.parametrize(("text", "kind"), PROVIDER_FORMATS)
def test_a_key_in_its_providers_format_is_found(text: str, kind: str) -> None:
    assert kind in kinds(text, CR)


@pytest.mark.parametrize("text", PROVIDER_LOOK_ALIKES)
def test_names_and_links_that_look_like_provider_keys_are_not(text: str) -> None:
    assert not kinds(text, CR)


def test_provider_keys_are_found_alike_with_and_without_hyperscan_and_never_shown() -> None:
    segments = [
        TextSegment(Location("body"), t)
        for t in [text for text, _kind in PROVIDER_FORMATS] + PROVIDER_LOOK_ALIKES
    ]
    fast, plain = (
        Scanner(use_hyperscan=True, meaning=None),
        Scanner(use_hyperscan=False, meaning=None),
    )
    found = fast.detect(segments)
    assert set(found) == set(plain.detect(segments))
    for text, kind in PROVIDER_FORMATS:
        [snippet] = {f.snippet for f in scan_text(text) if f.kind == kind}
        secret = max(re.findall(r"[A-Za-z0-9_~.%-]{20,}", text), key=len)
        assert secret[4:-4] not in snippet, kind


@pytest.mark.parametrize(
    "text",
    [
        "Vous pouvez vous reconnecter avec le mot de passe provisoire Loire!2025-kp, merci.",
        "Pour Canva, le mdp c'est Brioche&Cafe2024 (oui je sais).",
        "Gäste-WLAN: der WPA2-Schlüssel ist sonnenblume2025werk, bitte nicht aufhängen.",
        "La chiave WPA2 è Gabbiano-Verde-2025; scrivetela alla lavagna.",
        "Ons lidnummer is 20417 en de inlogcode is 8Q4K-2M7R-T9XB.",
        "Proszę zalogować się hasłem tymczasowym Mazury#Lin-4417 - system poprosi o nowe.",
        "La contraseña de aplicación que me ha dado Microsoft es hqwm rtzp vbkd lnsa.",
        "I've reset it for you. You can sign in with Kx7v-Plum-0393 for now.",
    ],
)
def test_a_password_given_in_a_sentence_with_words_before_it_is_found(text: str) -> None:
    assert kinds(text, CR) & {"password", "pre_shared_key"}


@pytest.mark.parametrize(
    "text",
    [
        "The password for the admin is in 1Password under Clients > Hartley.",
        "Password changes only ever happen on your own laptop, through Ctrl+Alt+Del.",
        "See KB article: Your Password Expires (Q321305) for the details.",
        "Reset it at https://portal.example/redefinir-senha?solicitacao=70413 today.",
        "I reset the password for user jsmith01, he will get a link.",
        "Password reset request REQ-22831 is closed.",
    ],
)
def test_a_password_word_beside_a_reference_an_id_or_a_user_name_is_no_password(text: str) -> None:
    assert not kinds(text, CR)


@pytest.mark.parametrize(
    "text",
    [
        "The side door key is in the key safe by the bins, the code is 4719.",
        "Pour l'inventaire : le digicode de la porte côté parking est 7B3941.",
        "Les clés sont dans la boîte à clés à côté du compteur, code 0628.",
        "De kluis heeft een nieuwe code gekregen: 3-1-8-8-0-6, daarna drukken.",
        "Kluczyki są w sejfie w biurze - kod to 2 9 1 4 6 0, potem przekręcasz gałkę.",
        "O portão grande abre no teclado com o código 1 9 7 3 #.",
    ],
)
def test_a_code_in_a_sentence_about_a_door_safe_or_alarm_is_an_access_code(text: str) -> None:
    assert "access_code" in kinds(text, CR)


@pytest.mark.parametrize(
    "text",
    [
        "Our office is at Gate 5, postcode 75001 Paris.",
        "The alarm company's case code is INC4412 for reference.",
    ],
)
def test_a_postcode_or_a_case_code_beside_a_gate_or_an_alarm_is_no_access_code(text: str) -> None:
    assert not kinds(text, CR)


def test_recovery_codes_two_to_a_line_are_found() -> None:
    text = (
        "Zoals gevraagd de herstelcodes van het beheerdersaccount, voor het geval ik mijn "
        "telefoon kwijtraak terwijl jij de migratie doet. Elke code werkt één keer:\n\n"
        "8842-1937   5503-6618\n2790-4461   9136-0258\n6374-8805   1429-7763\n"
    )
    assert "recovery_codes" in kinds(text, CR)


def test_environment_variable_names_with_digits_are_not_values() -> None:
    text = "Set these on Heroku:\n\nMAILGUN_API_KEY\nS3_ACCESS_KEY_ID\nS3_SECRET_ACCESS_KEY\n"
    assert not kinds(text, CR)


@pytest.mark.parametrize(
    "text",
    [
        # Pasted from a spreadsheet into plain text, with a ruled line under the header.
        "Portale              | Utente             | Password\n"
        "---------------------|--------------------|----------------\n"
        "Mapei Area Clienti   | edilcasa_ordini    | Cemento#4418\n",
        # Markdown.
        "| Dienst | Benutzer | Passwort |\n|---|---|---|\n| NAS | admin | Speicher!2291 |\n",
        # A database shell's bordered output.
        "+--------+-------------+\n| host   | password    |\n+--------+-------------+\n"
        "| db-01  | Xk9#mmq22w  |\n+--------+-------------+\n",
    ],
)
def test_a_password_column_under_a_ruled_or_bordered_header_is_found(text: str) -> None:
    assert "password_table" in kinds(text, CR)


def test_a_ruled_table_whose_password_column_says_where_it_is_kept_is_no_credential() -> None:
    text = (
        "| Service | Owner | Password |\n|---|---|---|\n| NAS | IT | in the vault |\n"
        "| VPN | Ops | see 1Password |\n"
    )
    assert not kinds(text, CR)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Auth-Key: 7c1e9b42-3f5a-4d8e-b0a6-2e91c7d5f384", True),
        ("auth_token = 7c1e9b42-3f5a-4d8e-b0a6-2e91c7d5f384", True),
        ("Auth: Bearer 9fK2mQ7vX4tL8wZ1pR6sN3bH5yC0dJ2gA", True),
        # An id is a UUID too, and a scheme's name alone is no token.
        ("Request-ID: 7c1e9b42-3f5a-4d8e-b0a6-2e91c7d5f384", False),
        ("Auth: Bearer", False),
    ],
)
def test_an_auth_key_is_a_secret_and_an_id_or_a_scheme_name_is_not(text: str, found: bool) -> None:
    assert bool(kinds(text, CR)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Conforme falamos, o token de acesso que geramos no nosso ERP para a vossa "
            "integração é:\n\n9fK2mQ7vX4tL8wZ1pR6sN3bH5yC0dJ2gA7eU4iO9kT1\n\nSó leitura.",
            True,
        ),
        (
            "Here is the SHA of the commit that added the token refresh logic for you:\n\n"
            "9f8e2a1b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f\n",
            False,
        ),
    ],
)
def test_a_key_below_a_long_sentence_that_ends_in_a_colon(text: str, found: bool) -> None:
    assert bool(kinds(text, CR)) is found


def test_a_look_alike_domain_after_the_word_password_is_no_password() -> None:
    text = (
        'We have also seen fake "Microsoft 365 password expiry" emails this week coming from '
        "look-alike domains such as te1vora-support.example and others."
    )
    assert not kinds(text, CR)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A rede da obra é OBRA-MATOS-5G e a chave é Betao#Armado2024, não a dês a ninguém.", True),
        ("Le réseau du chantier est CHANTIER-5G et la clé est Beton#Arme2024.", True),
        ("A chave do armário é a pequena, está na gaveta.", False),
        ("La clé est sous le paillasson, comme d'habitude.", False),
    ],
)
def test_the_key_is_x_is_a_secret_when_x_looks_like_one(text: str, found: bool) -> None:
    assert bool(kinds(text, CR)) is found


@pytest.mark.parametrize(
    "text",
    [
        "Set a passphrase of at least 14 characters instead of the old 8-character password.",
        "For the passphrase use three words and a number, for example kettle-violin-harbour-42.",
    ],
)
def test_password_advice_with_a_length_or_an_example_is_no_password(text: str) -> None:
    assert not kinds(text, CR)


def test_a_passphrase_given_to_use_is_still_a_password() -> None:
    assert kinds("Your new passphrase is kettle-violin-harbour-42, change it at first login.", CR)


@pytest.mark.parametrize(
    "text",
    [
        # a German or Dutch compound that ends with the password word
        "System: PRD, Mandant 100\nBenutzer: LVOGT\nInitialkennwort: Wz7!kTr4pQ",
        "Gebruiker: jdevries\nStartwachtwoord: Fj8#qLm2Zp",
        # a hex key after a key word of another language
        "Clé API : 24d722c03ba5b777cece915752040856",
        "Clave API: 9f3b1c2d4e5f60718293a4b5c6d7e8f9",
        # a bare key word on a line about a network
        "Wi-Fi: network HollinsBarn-Events, key marrow7-Quill-Bask (do not post it)",
        "Réseau salariés : LUMEN-STAFF – clé : Tanneurs18!Wpa-k3vQ",
        # a provider token cut in two by a client that wraps lines
        "ATATT3xFfGF0YNwON9PFm4vFfItSFD6VzuLYNx4c0FEN3OpFFSyPXT--g1n4Cra4XjkVzUxkAioN_aFH8hLu\n"
        "VWMO6nExmVBPx49rjxHy-7UTIBZuothftoU75qj97ZPGoH8V8vVEG69WrZGxTgMtmqapSHfEiuoz=99236D40",
    ],
)
def test_credentials_in_compounds_other_languages_and_wrapped_lines_are_found(text: str) -> None:
    assert kinds(text, CR)


@pytest.mark.parametrize(
    "text",
    [
        "Commit: 24d722c03ba5b777cece915752040856 fixed the build.",
        "Wi-Fi: network Guest, key on the card at reception.",
        "The network key is printed on the router; the key box code is with Sam.",
        "Der Hausschlüssel liegt beim Empfang, Schlüssel: Raum 12.",
        "API key: YOUR_API_KEY (see the documentation)",
        # a register's code after "clave", and the first group of an invoice's access key
        "Inscrita en el Registro DGSFP con la clave J-2841.",
        "Nota fiscal nº 000.128.774\nChave de acesso: 3525 0727 4193 5600 0110 5500 1000 1287",
        # jwt.io's example token, as a tutorial quotes it
        "The example on jwt.io: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwi"
        "bmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    ],
)
def test_a_key_word_without_a_secret_after_it_is_no_credential(text: str) -> None:
    assert not kinds(text, CR)


@pytest.mark.parametrize(
    "text",
    [
        "Lokal zum Testen z. B.: STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx",
        "API_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXX",
        "password: ************",
    ],
)
def test_a_keys_prefix_with_filler_shows_its_form_and_is_no_secret(text: str) -> None:
    assert not kinds(text, CR)


def test_a_real_key_after_the_same_label_is_still_a_secret() -> None:
    assert kinds("STRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dcX9", CR)


@pytest.mark.parametrize(
    "text",
    [
        "[e2e] Logging in as qa_buyer_07 (password: ********)",
        "Accesso come operatore_test (password: [OSCURATA]) – atteso blocco dell'utenza",
        "See .env.example:\n    PAYMENT_SANDBOX_KEY=YOUR_API_KEY\n    PAYMENT_ENV=sandbox",
    ],
)
def test_a_masked_value_in_brackets_or_a_placeholders_next_line_is_no_secret(text: str) -> None:
    assert not kinds(text, CR)


def test_a_real_password_in_brackets_is_still_a_secret() -> None:
    assert kinds("Log in as qa_buyer_07 (password: Tq7!vR2mLx)", CR)


def test_a_commit_hash_after_a_password_label_is_no_password() -> None:
    text = (
        "- EXT-2210 Minimum password length raised to 12 characters "
        "(commit 3b8e91d04f7a2c65e1d9b0a8f3c47e2156d9ab04)"
    )
    assert not kinds(text, CR)


@pytest.mark.parametrize(
    "text",
    [
        # a question after the label, a mode in brackets, a chat channel, a config file's name,
        # an environment variable's name, a placeholder inside a key's form
        "Wachtwoord vergeten? Reset het zelf via de selfservicepagina.",
        "Passwort vergessen? Dann hilft die Servicedesk-Seite weiter.",
        "Der voreingestellte WLAN-Schlüssel steht auf dem Typenschild („WLAN-Schlüssel (WPA2/WPA3)“).",  # noqa: E501
        "Se alguma senha ou token for parar num commit, avisem no #seguranca na hora.",
        "If alembic complains about the password, check that POSTGRES_PASSWORD in "
        "docker-compose.override.yml matches what you put in DATABASE_URL.",
        "  STRIPE_WEBHOOK_SECRET=whsec_REPLACE_ME",
        "  API_SECRET=sk_live_CHANGE_ME",
    ],
)
def test_a_question_a_note_a_channel_or_a_variables_name_after_a_label_is_no_secret(
    text: str,
) -> None:
    assert not kinds(text, CR)


@pytest.mark.parametrize(
    "text",
    [
        "Wachtwoord: Veluwe!2025-kp",
        "Der WLAN-Schlüssel ist Kx7v-Plum-0393.",
        "A senha provisória é Quinta#4471, troquem no primeiro login.",
        "If alembic complains about the password, use Tr0ub4dor&3 for now.",
        "  STRIPE_WEBHOOK_SECRET=whsec_9fK2mQ7xLp4RtZ8vB3nC",
    ],
)
def test_the_same_labels_with_a_real_value_stay_secrets(text: str) -> None:
    assert kinds(text, CR)


def test_a_shell_command_that_makes_the_value_is_no_secret() -> None:
    assert not kinds('    export LEDGERLINE_SECRET_KEY="$(openssl rand -hex 32)"', CR)


@pytest.mark.parametrize(
    "text",
    [
        "Top secret: Geoffrey's send-off (do NOT reply all)",
        "Pour changer votre mot de passe : Ctrl+Alt+Suppr, puis « Modifier un mot de passe ».",
    ],
)
def test_a_classifications_words_or_a_key_combination_after_a_label_is_no_secret(
    text: str,
) -> None:
    assert not kinds(text, CR)
