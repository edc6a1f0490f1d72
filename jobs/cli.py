"""The `nianbao` command: a thin shell over library functions.

Each area registers its commands from its own module (cli_parse, cli_archive, cli_harvest), so
that the shell stays small and every command lives next to the others of its kind.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="nianbao",
    help=(
        "Crawl, parse and archive 政府信息公开工作年度报告"
        " (government information-disclosure annual reports)."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_COMMAND_MODULES = ("jobs.cli_parse", "jobs.cli_archive", "jobs.cli_harvest")


def _register_commands() -> None:
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real missing dependency, not a module still to be written
                raise
            continue
        module.register(app)


_register_commands()


def main() -> None:
    app()
