"""``graphbuild neo4j start|stop|status``: a local Neo4j server without Docker.

A thin layer over :mod:`graphbuild.neo4j.server`; the password comes from ``NEO4J_PASSWORD``
and is never printed.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from types import FrameType

import click

from graphbuild.errors import GraphbuildError
from graphbuild.neo4j import server as neo4j_server
from graphbuild.neo4j.server import ServerInfo
from graphbuild.neo4j.settings import password_from_env

_HOME_OPTION = click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Server folder (config, data, logs). Default: $GRAPHBUILD_NEO4J_HOME or "
    "~/.local/share/graphbuild/neo4j.",
)


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _describe(info: ServerInfo) -> str:
    # Say where the password comes from, never what it is.
    password = (
        "the value of NEO4J_PASSWORD"
        if os.environ.get("NEO4J_PASSWORD")
        else "the local default (NEO4J_PASSWORD is unset; see the README, Neo4j: getting a server)"
    )
    return "\n".join(
        [
            f"  Bolt URI:  {info.bolt_uri}",
            f"  Browser:   {info.browser_url}",
            f"  Username:  {info.username}",
            f"  Password:  {password}",
            f"  Home:      {info.home}",
            f"  Log:       {info.log_file}",
            f"  pid:       {info.pid}",
        ]
    )


@click.group(name="neo4j")
def neo4j_group() -> None:
    """Run a local Neo4j 5.26 server from Maven jars (no Docker needed).

    Needs Java 17+ and Maven (`apt-get install openjdk-17-jre-headless maven`); the jars are
    downloaded once into ~/.cache/graphbuild. The password of user neo4j is NEO4J_PASSWORD.

    \b
    Example:
        graphbuild neo4j start
        graphbuild neo4j status
        graphbuild neo4j stop
    """


@neo4j_group.command()
@click.option(
    "--temp",
    is_flag=True,
    help="Throw-away server in a new temporary folder; runs until Ctrl-C, then is deleted.",
)
@_HOME_OPTION
@click.option("--bolt-port", type=click.IntRange(1, 65535), help="Default: 7687 if free.")
@click.option("--http-port", type=click.IntRange(1, 65535), help="Default: 7474 if free.")
@click.option(
    "--timeout", type=float, default=120, show_default=True, help="Seconds to wait for Bolt."
)
def start(
    temp: bool, home: Path | None, bolt_port: int | None, http_port: int | None, timeout: float
) -> None:
    """Start Neo4j in the background (or report the one already running).

    \b
    Example:
        NEO4J_PASSWORD=s3cret-pass graphbuild neo4j start --bolt-port 7687
        graphbuild neo4j start --temp      # foreground, deleted on Ctrl-C
    """
    try:
        info = neo4j_server.start_server(
            home,
            password=password_from_env(),
            temp=temp,
            bolt_port=bolt_port,
            http_port=http_port,
            timeout=timeout,
            progress=_progress,
        )
    except GraphbuildError as err:
        raise click.ClickException(str(err)) from err
    if info.already_running:
        click.echo(f"Neo4j is already running in {info.home}:")
    else:
        click.echo(f"Neo4j {neo4j_server.NEO4J_VERSION} started:")
    click.echo(_describe(info))
    if temp:
        _serve_until_interrupted(info)


def _serve_until_interrupted(info: ServerInfo) -> None:
    """Keep a temporary server up until Ctrl-C or SIGTERM, then stop it and delete its folder."""

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    click.echo("Press Ctrl-C to stop the server and delete its folder.")
    try:
        while neo4j_server.server_status(info.home) is not None:
            time.sleep(1)
        click.echo("The server exited on its own.", err=True)
    except KeyboardInterrupt:
        pass
    finally:
        neo4j_server.stop_server(info.home)
        signal.signal(signal.SIGTERM, previous)
    click.echo("Stopped; temporary folder removed.")


@neo4j_group.command()
@_HOME_OPTION
def stop(home: Path | None) -> None:
    """Stop the server started by `start`, by its process id.

    \b
    Example:
        graphbuild neo4j stop
        graphbuild neo4j stop --home ./neo4j-dev
    """
    home = (home or neo4j_server.default_home()).expanduser()
    try:
        stopped = neo4j_server.stop_server(home)
    except GraphbuildError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Stopped Neo4j in {home}." if stopped else f"No Neo4j server running in {home}.")


@neo4j_group.command()
@_HOME_OPTION
def status(home: Path | None) -> None:
    """Show the server's address; exit 1 if it is not running.

    \b
    Example:
        graphbuild neo4j status
    """
    home = (home or neo4j_server.default_home()).expanduser()
    info = neo4j_server.server_status(home)
    if info is None:
        click.echo(f"No Neo4j server running in {home}.")
        click.get_current_context().exit(1)
    click.echo(f"Neo4j is running in {info.home}:")
    click.echo(_describe(info))
