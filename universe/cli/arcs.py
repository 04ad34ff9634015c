"""`universe arc list|show|diff|check|promote`: thin commands over `universe.writing.arcstore` and friends."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from universe.cli.arguments import resolve, universe_argument, universe_option
from universe.story.evidence import EVIDENCE_LEVELS
from universe.writing.arcs import ArcInvalid
from universe.writing.arcstore import arc_diff, arcs_at, check_arcs, load_arc
from universe.writing.promotion import promote

__all__ = ["arc_group"]


def _folder(universe_arg: str | None) -> Path:
    return resolve(universe_arg)  # the same -u rules as every command


def _universe_option(command):
    """The universe as the last argument or with -u, as for every command."""
    return universe_argument(command)


def _universe_flag(command):
    """-u only (`arc check [ARC]` already has an optional argument)."""
    return universe_option(command)


def _json_option(command):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(command)


def _emit(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group(name="arc", context_settings={"help_option_names": ["-h", "--help"]})
def arc_group():
    """Writers' arcs: what-if layers over canon, in <universe>/arcs/<arc-id>.yaml.

    \b
    Examples:
      universe arc list
      universe arc show cheong-san-returns
      universe arc diff cheong-san-returns --as-of S1E11
      universe arc check
      universe arc promote cheong-san-returns status-lee-cheong-san-s2 --source s2-episode-1
    """


@arc_group.command("list")
@_universe_option
@click.option("--as-of", metavar="POINT",
              help="Spoiler horizon: only the arcs a viewer at POINT may know of (an arc's title is a spoiler too).")
@_json_option
def list_command(universe_arg, as_of, as_json):
    """List the universe's arcs: id, title, author, base, number of changes and reveal point.

    An arc is revealed at the point its header gives, never before the latest point any of
    its changes touches; with --as-of, arcs revealed later are not listed.

    \b
    Examples:
      universe arc list -u data/all-of-us-are-dead
      universe arc list --as-of S1E6
    """
    arcs = arcs_at(_folder(universe_arg), as_of)
    if as_json:
        _emit([{"id": a.id, "title": a.title, "author": a.author, "base": a.base, "changes": a.changes,
                "revealed": a.revealed.id if a.revealed else None,
                "version": a.version, "file": a.file, "error": a.error} for a in arcs])
        return
    if not arcs:
        click.echo("No arcs at this point of the story." if as_of else "No arcs yet.")
        return
    for arc in arcs:
        if arc.error:
            click.echo(f"{arc.id}  (broken: run 'universe arc check {arc.id}')")
            continue
        on = f" on {arc.base}" if arc.base else ""
        by = f" by {arc.author}" if arc.author else ""
        seen = f"; revealed {arc.revealed.id}" if arc.revealed else ""
        click.echo(f"{arc.id}  {arc.title}{by}{on}  ({arc.changes} change{'s' * (arc.changes != 1)}{seen})")


@arc_group.command("show")
@click.argument("arc_id", metavar="ARC")
@_universe_option
@_json_option
def show_command(arc_id, universe_arg, as_json):
    """Show an arc: its header and every change with its rationale and evidence.

    \b
    Example:
      universe arc show cheong-san-returns --json
    """
    arc = load_arc(_folder(universe_arg), arc_id)
    if as_json:
        _emit({"id": arc.id, "title": arc.title, "author": arc.author, "base": arc.base,
               "description": arc.description, "revealed": arc.revealed, "version": arc.version, "file": arc.file,
               "changes": [c.as_dict() for c in arc.changes]})
        return
    click.echo(f"{arc.title}  ({arc.id})")
    for label, value in (("Author", arc.author), ("Base", arc.base or "canon"), ("Revealed", arc.revealed),
                         ("File", arc.file), ("Version", arc.version)):
        if value:
            click.echo(f"{label}: {value}")
    if arc.description:
        click.echo(arc.description.strip())
    click.echo(f"{len(arc.changes)} change{'s' * (len(arc.changes) != 1)}:")
    for change in arc.changes:
        body = ", ".join(f"{k}: {v}" for k, v in change.body.items() if not isinstance(v, (tuple, dict)) and k != "description")
        plot = f" [plot: {change.plot}]" if change.plot else ""
        click.echo(f"  {change.id}  {change.kind} {{{body}}} - {change.evidence.value}{plot}")
        click.echo(f"      why: {' '.join(change.rationale.split())}")


@arc_group.command("diff")
@click.argument("arc_id", metavar="ARC")
@_universe_option
@click.option("--as-of", metavar="POINT", help="Spoiler horizon: only changes a viewer at POINT may see.")
@click.option("--min-evidence", type=click.Choice(EVIDENCE_LEVELS, case_sensitive=False), default="fan-theory",
              show_default=True, help="Weakest evidence to include.")
@_json_option
def diff_command(arc_id, universe_arg, as_of, min_evidence, as_json):
    """The arc's diff against canon: what it adds, changes and retracts, and why.

    \b
    Example:
      universe arc diff cheong-san-returns --as-of S2 --min-evidence speculation
    """
    result = arc_diff(_folder(universe_arg), arc_id).as_of(as_of, min_evidence)
    if as_json:
        _emit({"arc": result.arc, "rows": result.records(),
               "highlight_nodes": sorted(result.highlight_nodes), "highlight_edges": sorted(result.highlight_edges),
               "faded_edges": sorted(result.faded_edges)})
        return
    if not result.rows:
        click.echo("No changes visible (try a later --as-of or a weaker --min-evidence).")
        return
    for row in result.rows:
        mark = {"added": "+", "changed": "~", "retracted": "-"}[row.action]
        click.echo(f"{mark} {row.summary}  [{row.evidence.value}; {row.change}]")
        click.echo(f"      why: {' '.join(row.rationale.split())}")


@arc_group.command("check")
@click.argument("arc_id", metavar="[ARC]", required=False)
@_universe_flag
def check_command(arc_id, universe_arg):
    """Check that arcs apply to canon: every error with file and line. Exits 1 on errors.

    \b
    Examples:
      universe arc check
      universe arc check cheong-san-returns -u data/all-of-us-are-dead
    """
    folder = _folder(universe_arg)
    try:
        results = check_arcs(folder, arc_id)
    except ArcInvalid as invalid:  # a malformed file named on the command line
        results = {arc_id: invalid.problems}
    errors = 0
    for name, problems in results.items():
        errors += sum(p.is_error for p in problems)
        for problem in problems:
            click.echo(str(problem))
        if not any(p.is_error for p in problems):
            click.echo(f"ok: {name}", err=True)
    if errors:
        click.echo(f"{errors} error{'s' * (errors != 1)}", err=True)
        sys.exit(1)


@arc_group.command("promote")
@click.argument("arc_id", metavar="ARC")
@click.argument("change_id", metavar="CHANGE")
@_universe_option
@click.option("--source", "sources", multiple=True, metavar="ID", help="A source confirming the change (repeatable).")
@click.option("--evidence", type=click.Choice(EVIDENCE_LEVELS, case_sensitive=False), default="canon",
              show_default=True, help="The evidence level the change gets in canon.")
@click.option("--note", help="Added to the provenance note.")
@click.option("--file", "file", metavar="NAME", help="The canon file (e.g. characters.yaml) for an added entity or statement.")
def promote_command(arc_id, change_id, universe_arg, sources, evidence, note, file):
    """Move one change of an arc into canon (once an episode confirms it).

    The change keeps its sources, gains a note saying where it came from, and leaves the arc.
    Both files are validated first; nothing is written if either would be invalid.

    \b
    Example:
      universe arc promote cheong-san-returns status-lee-cheong-san-s2 --source netflix-s2 --evidence official
    """
    result = promote(_folder(universe_arg), arc_id, change_id, sources, evidence=evidence, note=note, file=file)
    click.echo(f"promoted {result.change.id} into {result.file or 'canon (already there)'}; "
               f"{len(result.arc.changes)} change{'s' * (len(result.arc.changes) != 1)} left in {arc_id}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
