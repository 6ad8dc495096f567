"""MailbrakeError and its subclasses: they carry data, and each front door renders them once."""

from __future__ import annotations

from dataclasses import dataclass


class MailbrakeError(Exception):
    """Base of every error a user can cause; `str()` is a complete, user-facing sentence."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class SettingsError(MailbrakeError):
    """A setting did not validate: names the setting, the value and what is allowed."""

    exit_code = 2


class DatabaseError(MailbrakeError):
    """The database cannot be used: unreachable, misconfigured, or locked by another process."""

    exit_code = 3


class DatabaseLockedError(DatabaseError):
    """Another process held a lock for longer than mailbrake waits."""


class NotFoundError(MailbrakeError):
    def __init__(self, kind: str, key: object, *, hint: str = "") -> None:
        super().__init__(f"No {kind} {key!r}.", hint=hint)
        self.kind = kind
        self.key = key


class ConflictError(MailbrakeError):
    """The thing exists already, or another actor changed it first."""


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One bad piece of input: where it is and what is wrong with it."""

    where: str  # "people.csv:17" or "--subject"
    reason: str
    field: str = ""

    def __str__(self) -> str:
        field = f" [{self.field}]" if self.field else ""
        return f"{self.where}{field}: {self.reason}"


class InputError(MailbrakeError):
    """Bad user input (file, line, field)."""

    def __init__(self, problems: list[InputProblem], *, hint: str = "") -> None:
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{shown}{more}", hint=hint)
        self.problems = problems


class TemplateError(MailbrakeError):
    """A subject or body template does not parse or uses fields some recipients lack."""


class StateError(MailbrakeError):
    """An action is not allowed in the mailout's current state."""

    def __init__(self, mailout_id: int, current: str, wanted: str, allowed: list[str]) -> None:
        allowed_text = ", ".join(allowed) if allowed else "nothing (it is final)"
        super().__init__(
            f"Mailout {mailout_id} is {current}; it cannot go to {wanted}. "
            f"From {current} it can go to: {allowed_text}."
        )
        self.mailout_id = mailout_id
        self.current = current
        self.wanted = wanted
        self.allowed = allowed


class TransportError(MailbrakeError):
    """Mail cannot leave: the relay is unreachable or refused us as a whole."""


class CheckError(MailbrakeError):
    """The check could not complete; the mailout is held (fail closed)."""


class PolicyError(MailbrakeError):
    """The policy file does not validate."""
