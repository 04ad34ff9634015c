"""What every command shares: where the universe is, the horizon and evidence options, JSON output.

One spelling for every command, the other accepted: the universe is the last argument
(`universe stats PATH`, `universe show NAME PATH`) or `-u/--universe PATH` (a folder, or the id
of one under the data folder), defaulting to the bundled universe.
"""

from __future__ import annotations

import functools
import gc
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from universe.story.evidence import EVIDENCE_LEVELS

if TYPE_CHECKING:
    from universe.story.snapshot import Universe

#: Set by `universe.cli.main.main`, the command as a process of its own (not click's test runner).
whole_process = {"freeze": False}

# universe.storage is imported where it is used, so that `universe --version` and `--help`
# answer without loading pydantic, networkx and the rest.

__all__ = [
    "resolve",
    "load_or_exit",
    "emit_json",
    "universe_option",
    "universe_argument",
    "chosen_universe",
    "as_of_option",
    "evidence_option",
    "json_option",
    "whole_process",
]


def chosen_universe(positional: str | None, option: str | None) -> str | None:
    """The universe given as an argument or with -u (both only when they agree)."""
    if positional is not None and option is not None and positional != option:
        raise click.UsageError(f"two universes given: {positional!r} and -u {option!r}; give one")
    return positional if positional is not None else option


def resolve(path_or_id: str | None) -> Path:
    """A universe folder from a path, or from an id under the data folder."""
    from universe.storage.store import BUNDLED, data_dir, universe_path

    if path_or_id is None:
        return data_dir() / BUNDLED
    candidate = Path(path_or_id)
    if candidate.exists() or "/" in path_or_id or "\\" in path_or_id or path_or_id.startswith("."):
        return candidate
    return universe_path(path_or_id)


def load_or_exit(path_or_id: str | None) -> Universe:
    """The universe at `path_or_id`; when it does not load, its problems on stderr and exit 1."""
    from universe.errors import UniverseInvalid
    from universe.storage.store import load_universe

    try:
        universe = load_universe(resolve(path_or_id))
    except UniverseInvalid as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        errors = sum(p.is_error for p in error.problems)
        raise click.ClickException(f"the universe has {errors} error{'s' * (errors != 1)}; run 'universe check' for details")
    if whole_process["freeze"]:
        # The loaded universe lives until the command ends: the collector's passes skip it (it
        # was made with the collector paused, so its first passes would walk a million objects
        # three times and free nothing). Only in a process of its own (`main`), never in a
        # caller's, which may drop the universe and want it freed.
        gc.freeze()
    return universe


def emit_json(data) -> None:
    """Print `data` as indented JSON, non-ASCII kept."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


universe_option = click.option(
    "-u", "--universe", "universe_arg", metavar="PATH",
    help="Universe folder, or the id of one under the data folder (default: the bundled universe).",
)


def universe_argument(command):
    """The universe as an optional last argument and as -u/--universe, for every command; the
    command receives one `universe_arg`."""
    @functools.wraps(command)
    def wrapper(*args, universe_path=None, universe_arg=None, **kwargs):
        return command(*args, universe_arg=chosen_universe(universe_path, universe_arg), **kwargs)

    wrapper = universe_option(wrapper)
    return click.argument("universe_path", required=False, metavar="[UNIVERSE]")(wrapper)


as_of_option = click.option(
    "--as-of", metavar="POINT",
    help="Spoiler horizon: a story point such as S1E3 or S1 ('everything' for none).",
)
evidence_option = click.option(
    "--min-evidence", type=click.Choice(EVIDENCE_LEVELS, case_sensitive=False), default="fan-theory",
    show_default=True, help="Weakest evidence to include (canon is the strictest).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
