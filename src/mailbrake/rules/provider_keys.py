"""The published formats of service tokens and keys: a fixed prefix and a fixed alphabet.

A match is a credential with high confidence wherever it appears, so a pattern belongs here
only when its prefix or shape is the provider's own (documented by the provider, or by the
secret scanners that providers register their formats with) and long enough that prose,
file names and product codes do not produce it. Each entry: (kind, pattern, how many leading
characters the snippet may show: the public prefix, never part of the secret).
"""

from __future__ import annotations

import re

PROVIDER_KEYS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("aws_access_key", re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"), 4),
    ("github_token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,255}\b"), 4),
    ("github_token", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{40,255}\b"), 11),
    ("gitlab_token", re.compile(r"\bglpat-[A-Za-z0-9_-]{20}\b"), 6),
    # GitLab's other tokens: runner, deploy, pipeline trigger, feed, OAuth app, CI job...
    ("gitlab_token", re.compile(r"\bgl(?:rt|dt|ptt|ft|oas|cbt|imt|agent|soat|wt)-[A-Za-z0-9_-]{20,}"), 5),  # noqa: E501
    ("slack_token", re.compile(r"\bxox[bpars]-[0-9A-Za-z-]{10,}"), 5),
    ("slack_token", re.compile(r"\bxapp-\d-[A-Z0-9]{9,12}-\d{10,16}-[a-f0-9]{64}\b"), 5),
    ("slack_webhook", re.compile(r"hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+"), 23),  # noqa: E501
    ("google_api_key", re.compile(r"\bAIza[0-9A-Za-z_-]{30,40}\b"), 4),
    ("stripe_key", re.compile(r"\b[rs]k_live_[0-9A-Za-z]{16,}\b"), 8),
    # A webhook's signing secret (Stripe's format, which other payment providers copied).
    ("webhook_secret", re.compile(r"\bwhsec_[A-Za-z0-9+/=]{24,}"), 6),
    ("openai_key", re.compile(r"\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}\b"), 3),
    ("sendgrid_key", re.compile(r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b"), 3),
    ("twilio_key", re.compile(r"\bSK[0-9a-f]{32}\b"), 2),
    ("npm_token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b"), 4),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"), 3),
    ("huggingface_token", re.compile(r"\bhf_[A-Za-z0-9]{34,40}\b"), 3),
    ("pypi_token", re.compile(r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"), 5),
    ("shopify_token", re.compile(r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b"), 6),
    ("vault_token", re.compile(r"\bhv[sb]\.[A-Za-z0-9_-]{90,}"), 4),
    ("digitalocean_token", re.compile(r"\bdo[opr]_v1_[a-f0-9]{64}\b"), 7),
    ("linear_key", re.compile(r"\blin_api_[A-Za-z0-9]{40}\b"), 8),
    ("postman_key", re.compile(r"\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b"), 5),
    ("databricks_token", re.compile(r"\bdapi[a-h0-9]{32}(?:-\d)?\b"), 4),
    ("newrelic_key", re.compile(r"\bNRAK-[A-Z0-9]{27}\b"), 5),
    ("grafana_token", re.compile(r"\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b"), 5),
    ("grafana_token", re.compile(r"\bglc_[A-Za-z0-9+/]{32,}={0,2}"), 4),
    ("figma_token", re.compile(r"\bfigd_[A-Za-z0-9_-]{40}\b"), 5),
    ("supabase_key", re.compile(r"\bsbp_[a-f0-9]{40}\b"), 4),
    ("square_token", re.compile(r"\bsq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}\b"), 7),
    ("mailgun_key", re.compile(r"\bkey-[0-9a-f]{32}\b"), 4),
    # (at least 60 characters: a client that wraps lines cuts a 190-character token in two)
    ("atlassian_token", re.compile(r"\bATATT3[A-Za-z0-9_=-]{60,}"), 6),
    ("doppler_token", re.compile(r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b"), 6),
    # A Telegram bot's token: the bot's numeric id, a colon, then "AA" and 33 more.
    ("telegram_bot_token", re.compile(r"\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])"), 0),
    # An Entra ID (Azure AD) app's client secret: three characters, a digit, "Q~", 31-34 more.
    ("azure_client_secret", re.compile(r"(?<![\w~.-])[\w~.]{3}\dQ~[\w~.-]{31,34}(?![\w~.-])"), 0),
    # Incoming-webhook URLs carry their own secret: whoever has one can post as the app.
    ("discord_webhook", re.compile(r"\bdiscord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,68}"), 31),  # noqa: E501
    ("teams_webhook", re.compile(r"\.webhook\.office\.com/webhookb2/[A-Za-z0-9@-]{36,90}/IncomingWebhook/[a-f0-9]{32}/[A-Za-z0-9-]{36}"), 30),  # noqa: E501
    # An Azure shared access signature: a signed query string ("sv=2022-11-02&...&sig=...").
    ("azure_sas", re.compile(r"\bsv=\d{4}-\d\d-\d\d&[^\s\"'<>]{0,300}?\bsig=[A-Za-z0-9%+/]{30,}={0,2}"), 14),  # noqa: E501
)  # fmt: skip
