"""The ``timewire`` console script.

Subcommands are imported when invoked, so offline commands (``build``, ``tag``) start fast and
never load Faust, and a broken optional command cannot take the others down.
"""

from __future__ import annotations

from streams import native

native.activate()  # before anything imports the engine: see streams/native.py

import importlib  # noqa: E402
from typing import Any  # noqa: E402

import click  # noqa: E402

COMMANDS: dict[str, str] = {
    "broker": "streams.commands.broker:broker_group",
    "worker": "streams.commands.worker:worker_command",
    "publish": "streams.commands.publish:publish_command",
    "query": "streams.commands.query:query_command",
    "demo": "streams.commands.demo:demo_command",
    "tag": "streams.commands.tag:tag_command",
    "build": "streams.commands.build:build_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: Any = getattr(importlib.import_module(module_name), attr)
        return command if isinstance(command, click.Command) else None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="timewire")
def main() -> None:
    """timewire: dated event timelines from news articles streamed through Kafka."""


if __name__ == "__main__":
    main()
