"""The `nianbao` command: a thin shell over library functions.

Each area registers its commands from its own module, so the shell stays small and every command
lives next to the others of its kind.
"""

from __future__ import annotations

import typer

from jobs import cli_archive, cli_harvest, cli_parse

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

for module in (cli_parse, cli_archive, cli_harvest):
    module.register(app)


def main() -> None:
    app()
