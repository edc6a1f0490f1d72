"""Every nianbao command is documented: its --help works and shows an example."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from jobs.cli import app

COMMANDS = [
    *(command.name for command in app.registered_commands),
    *(
        f"{group.name} {command.name}"
        for group in app.registered_groups
        if isinstance(group.typer_instance, typer.Typer)
        for command in group.typer_instance.registered_commands
    ),
]


def test_the_expected_commands_are_registered() -> None:
    expected = {
        "parse",
        "demo",
        "harvest",
        "history",
        "diff",
        "compare",
        "query",
        "search",
        "export",
        "ingest",
        "db upgrade",
    }
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"], terminal_width=200)
    assert (result.exit_code, "Example" in result.output) == (0, True)
