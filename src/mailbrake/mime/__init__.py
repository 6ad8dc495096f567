"""Turning a mailout's templates into the exact bytes each recipient gets."""

from mailbrake.mime.builder import build_message
from mailbrake.mime.context import MessageContext, message_id_for, unsubscribe_url
from mailbrake.mime.fast import MessageFactory, preview_message
from mailbrake.mime.templates import (
    CompiledTemplates,
    RenderedParts,
    TemplatePartError,
    compile_templates,
    fields_used,
)
from mailbrake.mime.tokens import TokenError, sign_token, verify_token

__all__ = [
    "CompiledTemplates",
    "MessageContext",
    "MessageFactory",
    "RenderedParts",
    "TemplatePartError",
    "TokenError",
    "build_message",
    "compile_templates",
    "fields_used",
    "message_id_for",
    "preview_message",
    "sign_token",
    "unsubscribe_url",
    "verify_token",
]
