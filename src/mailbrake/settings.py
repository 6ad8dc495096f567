"""One settings class: `mailbrake.toml` plus MAILBRAKE_* variables, validated at start."""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from pydantic_settings import SettingsError as SourceError

from mailbrake.errors import SettingsError
from mailbrake.mime.limits import RenderLimits
from mailbrake.private_files import write_private
from mailbrake.settings_env import ENV_PREFIX, check_environment, shown

DEFAULT_CONFIG = Path("mailbrake.toml")
SMTP_SCHEMES = ("smtp", "smtp+starttls", "smtps")
SECRET_MIN_LENGTH = 16


class Settings(BaseSettings):
    """Every setting mailbrake reads. Documented one by one in docs/configuration.md."""

    # No inf/nan: a float setting becomes a timedelta or a timeout, where they overflow later.
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", allow_inf_nan=False)

    database_url: str = Field(
        "sqlite:///mailbrake.db", description="sqlite:///PATH or postgresql://USER@HOST/DB"
    )
    smtp_url: str = Field(
        "smtp://127.0.0.1:2525", description="Relay: smtp://, smtp+starttls:// or smtps://"
    )
    smtp_pool_size: int = Field(8, ge=1, le=256, description="Persistent SMTP connections")
    smtp_timeout: float = Field(30.0, gt=0, le=600, description="Seconds per SMTP command")
    secret_key: str = Field(
        "", description="Signs unsubscribe/confirm tokens; created in secret_file if empty"
    )
    secret_file: Path = Field(Path("mailbrake.secret"), description="Where the key is kept")
    public_url: str = Field("http://127.0.0.1:8025", description="Base URL for links in messages")
    internal_domains: list[str] = Field(
        default_factory=list, description="Domains whose recipients are not external"
    )
    sink_dir: Path = Field(Path("mailbrake-sink"), description="Maildir of `mailbrake sink`")
    policy_file: Path | None = Field(None, description="Policy TOML; the built-in default if unset")
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    confirm_threshold: int = Field(
        100,
        ge=0,
        le=1_000_000_000,
        description="Audiences above this must be confirmed by typing their size",
    )
    undo_window_steps: list[tuple[int, int]] = Field(
        default_factory=lambda: [(24, 0), (1000, 120)],
        description="[[max recipients, seconds], ...]: the first step that fits is the hold",
    )
    undo_window_seconds: int = Field(
        600, ge=0, le=86_400, description="Hold for audiences larger than every step"
    )
    start_tolerance_seconds: int = Field(
        300,
        ge=0,
        le=30 * 86_400,
        description="A scheduled start missed by more needs a new confirmation",
    )
    approval_ttl_hours: float = Field(
        72.0, gt=0, le=24 * 365, description="How long an approval is good for"
    )
    check_timeout_seconds: float = Field(
        120.0, gt=0, le=3600, description="A check that takes longer holds the mailout"
    )
    security_contact: str = Field("", description="Also told about every incident")
    # Template render limits and the check's rendered sample (issue 10, "ways round the check").
    render_cpu_seconds: float = Field(
        2.0, gt=0, le=60, description="CPU seconds one message's templates may take to render"
    )
    render_max_chars: int = Field(
        1_000_000, ge=1_000, le=50_000_000, description="Characters one rendered message may have"
    )
    check_render_sample: int = Field(
        200, ge=1, le=100_000, description="Recipients the check renders and scans (all up to it)"
    )
    test_send_to: Literal["self", "internal"] = Field(
        "self", description="Where `test-send` may deliver: your own address, or any internal one"
    )
    scan_max_bytes: int = Field(
        50_000_000, ge=1, le=2**40, description="`scan` holds larger files unread"
    )
    gateway_host: str = Field("127.0.0.1", description="Address the SMTP gateway listens on")
    gateway_port: int = Field(2587, ge=0, le=65535, description="Port of the SMTP gateway")
    gateway_tls_cert: Path | None = Field(None, description="PEM certificate for STARTTLS")
    gateway_tls_key: Path | None = Field(None, description="PEM private key for STARTTLS")
    gateway_allow_plain_auth_on_loopback: bool = Field(
        False, description="Offer AUTH without STARTTLS to clients on 127.0.0.0/8 and ::1"
    )
    gateway_trusted_networks: list[str] = Field(
        default_factory=list, description="CIDRs that may send to internal domains without AUTH"
    )
    gateway_hold_threshold: int = Field(
        25, ge=0, description="Messages to more recipients (after expansion) are held"
    )
    gateway_max_message_bytes: int = Field(
        26_214_400, ge=1024, description="Larger messages are refused with 552 5.3.4"
    )
    gateway_max_recipients: int = Field(
        1000, ge=1, description="More envelope recipients per message get 452 4.5.3"
    )
    gateway_check_header: bool = Field(
        False, description="Add X-Mailbrake-Check to relayed messages"
    )
    gateway_enabled: bool = Field(False, description="`mailbrake serve` also runs the gateway")

    config_file: Path | None = Field(None, exclude=True)

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        scheme = urlsplit(value).scheme.split("+")[0]
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise ValueError("must start with sqlite:/// or postgresql://")
        return value

    @field_validator("smtp_url")
    @classmethod
    def _check_smtp_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in SMTP_SCHEMES:
            raise ValueError(f"scheme must be one of {', '.join(SMTP_SCHEMES)}")
        if not parts.hostname:
            raise ValueError("needs a host, e.g. smtp://relay.example.org:587")
        try:
            port = parts.port
        except ValueError:
            port = 0
        if port == 0:
            raise ValueError("the port must be a number from 1 to 65535")
        # The transport's own parser has the last word, so a worker never meets a URL
        # that passed here (imported late: mailbrake.transport imports this module).
        from mailbrake.transport.url import parse_smtp_url

        try:
            parse_smtp_url(value)
        except SettingsError as exc:
            raise ValueError(exc.message.partition(" is invalid: ")[2].rstrip(".")) from None
        return value

    @field_validator("secret_key")
    @classmethod
    def _check_secret_key(cls, value: str) -> str:
        if value and len(value) < SECRET_MIN_LENGTH:
            raise ValueError(
                f"needs at least {SECRET_MIN_LENGTH} characters (or leave it empty to have "
                "one generated in secret_file)"
            )
        return value

    @field_validator("public_url")
    @classmethod
    def _check_public_url(cls, value: str) -> str:
        if urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("undo_window_steps")
    @classmethod
    def _check_steps(cls, value: list[tuple[int, int]]) -> list[tuple[int, int]]:
        sizes = [size for size, _ in value]
        if sizes != sorted(sizes) or any(s < 0 or w < 0 for s, w in value):
            raise ValueError("steps need growing, non-negative [recipients, seconds] pairs")
        if any(w > 86_400 or s > 1_000_000_000 for s, w in value):
            raise ValueError("a step holds at most 86,400 seconds and 1,000,000,000 recipients")
        return value

    @field_validator("gateway_trusted_networks")
    @classmethod
    def _check_networks(cls, value: list[str]) -> list[str]:
        import ipaddress

        for network in value:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(f"{network!r} is not a network such as 10.0.0.0/8") from None
        return value

    @field_validator("internal_domains")
    @classmethod
    def _lower_domains(cls, value: list[str]) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in value if d.strip()]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = _config_path()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if path is not None and path.exists():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    def render_limits(self) -> RenderLimits:
        """The per-message template limits every renderer (create, check, worker) applies."""
        return RenderLimits(self.render_cpu_seconds, self.render_max_chars)

    def resolved_secret(self) -> bytes:
        """The signing key: the setting, else the key file (created with mode 0600)."""
        if self.secret_key:
            return self.secret_key.encode()
        if self.secret_file.exists():
            return self.secret_file.read_text().strip().encode()
        key = secrets.token_urlsafe(32)
        write_private(self.secret_file, key + "\n", exclusive=True)
        return key.encode()


def _config_path() -> Path | None:
    raw = os.environ.get("MAILBRAKE_CONFIG")
    return Path(raw) if raw else DEFAULT_CONFIG


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Read and validate the settings, or raise SettingsError naming each bad one."""
    if config is not None:
        if not config.exists():
            raise SettingsError(f"Settings file {config} does not exist.")
        os.environ["MAILBRAKE_CONFIG"] = str(config)
    path = _config_path()
    if path is not None and path.exists():
        _check_toml(path)
    check_environment(os.environ, Settings.model_fields)
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_describe(exc, path)) from None
    except SourceError as exc:  # a source could not even be decoded; named above if from env
        raise SettingsError(f"The settings could not be read: {exc}.") from None
    settings.config_file = path if path is not None and path.exists() else None
    return settings


def _check_toml(path: Path) -> None:
    try:
        tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"Settings file {path} is not valid TOML: {exc}.") from None
    except UnicodeDecodeError:
        raise SettingsError(f"Settings file {path} is not UTF-8 text.") from None


def _describe(exc: ValidationError, path: Path | None) -> str:
    lines = []
    for error in exc.errors():
        name = ".".join(str(p) for p in error["loc"])
        value = shown(name, error.get("input"))
        where = f"MAILBRAKE_{name.upper()} or '{name}' in {path or DEFAULT_CONFIG}"
        if error["type"] == "extra_forbidden":
            lines.append(f"Unknown setting '{name}' ({where}); see docs/configuration.md.")
            continue
        reason = error["msg"].removeprefix("Value error, ")
        lines.append(f"Setting {name} = {value!r} ({where}) is invalid: {reason}.")
    return " ".join(lines)
