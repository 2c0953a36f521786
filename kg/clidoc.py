"""The CLI reference (docs/cli.md) rendered from the commands' own --help, so the docs
cannot drift from the code: `python -m kg.clidoc > docs/cli.md`; a test compares them."""
from __future__ import annotations

import click

from kg.cli import cli


def _walk(command: click.Command, path: list[str]):
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], path + [name])


def render() -> str:
    parts = ["# `kg` command reference", "",
             "Generated from `kg … --help` by `python -m kg.clidoc`; do not edit by hand.", ""]
    for path, command in _walk(cli, ["kg"]):
        ctx = click.Context(command, info_name=" ".join(path), terminal_width=100, max_content_width=100,
                            help_option_names=cli.context_settings["help_option_names"])
        parts += [f"## `{' '.join(path)}`", "", "```", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
