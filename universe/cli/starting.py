"""`universe new` (a universe from a template) and `universe serve` (the explorer on any folder),
and `running_explorer`: the explorer as a child process on a free local port (for the browser
tests, the screenshots and the benchmarks)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from universe.storage.documents import UNIVERSE_ID_PATTERN
from universe.storage.skeleton import DEFAULT_LEVELS, write_skeleton
from universe.storage.store import data_dir, list_universes, universe_path

__all__ = ["ExplorerDidNotStart", "new_command", "running_explorer", "serve_command", "serve_plan"]

APP = Path(__file__).resolve().parents[2] / "app.py"


@click.command(name="new")
@click.argument("target", metavar="ID_OR_FOLDER")
@click.option("--levels", default=",".join(DEFAULT_LEVELS), show_default=True, metavar="LEVEL,LEVEL",
              help="Story-time levels, outermost first: book,chapter or season,episode or part.")
@click.option("--title", help="The universe's title (default: from the id).")
def new_command(target, levels, title):
    """Start a universe of your own: a valid, commented skeleton to fill in.

    ID_OR_FOLDER is a universe id (a folder under the data folder, where `make run` finds it)
    or a folder path whose name is the id. Then `universe check ID`, and `universe serve ID`
    to see it in the explorer. Walkthrough: docs/first-universe.md.

    \b
    Examples:
      universe new my-saga --levels book,chapter --title "My Saga"
      universe new ./stories/lighthouse --levels part
    """
    folder = _folder(target)
    names = tuple(level.strip() for level in levels.split(","))
    write_skeleton(folder, title=title, levels=names)
    shown = folder.name if folder == universe_path(folder.name) else str(folder)
    click.echo(f"created {folder}: universe.yaml, characters.yaml, places.yaml, sources.yaml")
    click.echo(f"next: edit the files, run `universe check {shown}`, then `universe serve {shown}`")


def _folder(target: str) -> Path:
    if "/" in target or "\\" in target or target.startswith("."):
        folder = Path(target)
        name = Path(os.path.abspath(folder)).name
        if not re.fullmatch(UNIVERSE_ID_PATTERN, name):
            raise click.BadParameter(f"the folder's name {name!r} is the universe id: use lower-case letters, digits and hyphens")
        return folder
    return universe_path(target)


def serve_plan(target: str | None, port: int) -> tuple[list[str], dict[str, str]]:
    """The command that starts the explorer on `target`, and the environment it adds.

    `target` is a universe folder anywhere (the explorer opens on it, with the universes beside
    it in the sidebar), a folder of universe folders, or the id of one under the data folder.
    Raises click.UsageError for anything else.
    """
    env: dict[str, str] = {}
    if target is not None:
        path = Path(target)
        if (path / "universe.yaml").is_file():
            folder = Path(os.path.abspath(path))
            if not re.fullmatch(UNIVERSE_ID_PATTERN, folder.name):
                raise click.UsageError(f"{path}: the explorer names a universe by its folder, and {folder.name!r} is not an id; "
                                       "rename the folder to the id in its universe.yaml")
            env = {"UNIVERSE_DATA": str(folder.parent), "UNIVERSE_OPEN": folder.name}
        elif path.is_dir() and list_universes(path):
            env = {"UNIVERSE_DATA": str(Path(os.path.abspath(path)))}
        elif re.fullmatch(UNIVERSE_ID_PATTERN, target) and target in list_universes(data_dir()):
            env = {"UNIVERSE_OPEN": target}
        else:
            raise click.UsageError(f"{target}: no universe here (a folder with a universe.yaml, a folder of them, or an id under {data_dir()})")
    argv = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.port", str(port)]
    return argv, env


@click.command(name="serve")
@click.argument("target", required=False, metavar="[UNIVERSE]")
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="The port to listen on.")
def serve_command(target, port):
    """Start the explorer on a universe anywhere: a folder, a folder of universes, or an id.

    \b
    Examples:
      universe serve ./my-saga
      universe serve ~/stories --port 8600
    """
    argv, env = serve_plan(target, port)
    if not APP.is_file():
        raise click.ClickException(f"the explorer's app.py is not at {APP}: install the project from its folder (pip install -e .)")
    click.echo(f"the explorer: http://localhost:{port}" + (f" on {env.get('UNIVERSE_OPEN') or env['UNIVERSE_DATA']}" if env else ""), err=True)
    os.execve(sys.executable, argv, {**os.environ, **env})


class ExplorerDidNotStart(RuntimeError):
    """The explorer's process ended, or never answered its health check; the message holds the
    end of its log."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
            return answer.read() == b"ok"
    except OSError:
        return False


@contextmanager
def running_explorer(log: Path, env: dict[str, str] | None = None, patience: float = 120) -> Iterator[str]:
    """Run the explorer on a free port of 127.0.0.1 (no file watcher), with `env` added to this
    process's environment, writing its output to the file `log` (never a pipe: a full pipe would
    stall the server); yield its URL once it answers its health check, and stop it afterwards.

    Raises ExplorerDidNotStart when the process ends first, or after `patience` seconds (a
    safety net for a server that hangs: a loaded machine takes longer, never that long).
    """
    port = _free_port()
    argv = serve_plan(None, port)[0] + ["--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    with open(log, "w") as out:
        server = subprocess.Popen(argv, cwd=APP.parent, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + patience
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise ExplorerDidNotStart(f"the explorer did not start on {url}:\n{Path(log).read_text(errors='replace')[-3000:]}")
            time.sleep(0.25)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
