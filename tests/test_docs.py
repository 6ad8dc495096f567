"""Every command and every setting is documented: a test fails when one is not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from mailbrake.cli import main
from mailbrake.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def command_paths(group: click.Group, prefix: str = "mailbrake") -> Iterator[str]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        path = f"{prefix} {name}"
        yield path
        if isinstance(command, click.Group):
            yield from command_paths(command, path)


def test_every_cli_command_has_a_section_in_docs_cli() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing = [path for path in command_paths(main) if f"`{path}" not in text]
    assert missing == []


def test_every_setting_is_in_docs_configuration() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    names = [n for n in Settings.model_fields if n != "config_file"]
    missing = [n for n in names if f"`{n}`" not in text]
    assert missing == []


def test_readme_starts_with_the_two_commands() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block
    assert "make test" in first_block
    ci = (DOCS.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_lazily_loaded_command_imports() -> None:
    ctx = click.Context(main)
    names = main.list_commands(ctx)
    assert len(names) >= 25
    assert all(main.get_command(ctx, name) is not None for name in names)
