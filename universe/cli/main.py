"""The `universe` command: a thin front end over the core library."""

from __future__ import annotations

import os
import sys
from collections import Counter
from operator import attrgetter

import click

from universe.cli.arguments import (
    as_of_option,
    emit_json,
    evidence_option,
    json_option,
    load_or_exit,
    resolve,
    universe_argument,
    whole_process,
)
from universe.errors import UniverseError
from universe.story.evidence import EVIDENCE_LEVELS, Evidence

# Everything heavier (pydantic, networkx, pandas) is imported inside the command that uses it,
# and the command groups of other modules on first use (`_COMMANDS`): `universe --version` and
# `universe --help` answer at once: it lists these with the first paragraph of their help, kept
# here (tests/test_startup.py checks it is the command's own).
_COMMANDS = {
    "import": ("universe.cli.imports", "import_group", "Import character-network data as a new universe folder."),
    "new": ("universe.cli.starting", "new_command", "Start a universe of your own: a valid, commented skeleton to fill in."),
    "serve": ("universe.cli.starting", "serve_command",
              "Start the explorer on a universe anywhere: a folder, a folder of universes, or an id."),
    "arc": ("universe.cli.arcs", "arc_group", "Writers' arcs: what-if layers over canon, in <universe>/arcs/<arc-id>.yaml."),
}

__all__ = ["main", "cli"]


class _Group(click.Group):
    """Turns UniverseError into a message and exit code 1, never a traceback."""

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *_COMMANDS})

    def get_command(self, ctx, name):
        if name in _COMMANDS and name not in self.commands:
            import importlib

            module, attribute, _ = _COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name=name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        """click's list of commands, without importing the modules of those not used yet."""
        rows = []
        for name in self.list_commands(ctx):
            if name in _COMMANDS and name not in self.commands:
                rows.append((name, _COMMANDS[name][2]))
            elif (command := self.get_command(ctx, name)) is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, (click.Command(name, help=help) if isinstance(help, str) else help)
                                     .get_short_help_str(limit)) for name, help in rows])

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except UniverseError as error:
            raise click.ClickException(str(error)) from None
        except (OSError, UnicodeError) as error:
            raise click.ClickException(str(error)) from None


def _quiet_broken_pipe() -> None:
    """The reader went away (`universe stats | head -1`): stop quietly, exit 0, and keep Python
    from complaining when it flushes standard output on the way out."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(0)


class _ExportFormat(click.Choice):
    """A choice of `universe.exchange.export.FORMATS`, imported when used (it loads pandas)."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self):
        from universe.exchange.export import FORMATS

        return FORMATS

    @choices.setter
    def choices(self, value) -> None:
        pass


def _installed_version() -> str:
    """This package's version, from the name of its dist-info folder (importlib.metadata takes
    longer to import than the whole command takes to answer)."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("universe-") and name.endswith(".dist-info"):
                return name[len("universe-") : -len(".dist-info")]
    from importlib.metadata import version

    return version("universe")


def _print_version(ctx, param, value) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"universe, version {_installed_version()}")
        ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def cli():
    """Explore a story universe: start one, check its files, count, look up, list survivors,
    export, import, and open it in the explorer.

    Every command reads the bundled universe unless told otherwise, and takes a spoiler
    horizon (--as-of) and a minimum evidence level where it shows facts.
    """


@cli.command()
@universe_argument
@click.option("--quiet", "-q", is_flag=True, help="Print only errors, not warnings.")
def check(universe_arg, quiet):
    """Check a universe folder; list every error and warning with file and line.

    Exits 0 when valid (warnings allowed), 1 when there are errors.
    """
    from universe.storage.store import check_universe

    problems = check_universe(resolve(universe_arg))
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    for problem in errors + ([] if quiet else warnings):
        click.echo(str(problem))
    summary = f"{len(errors)} error{'s' * (len(errors) != 1)}, {len(warnings)} warning{'s' * (len(warnings) != 1)}"
    if errors:
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(f"ok: {summary}", err=True)


@cli.command()
@universe_argument
@as_of_option
@evidence_option
@json_option
def stats(universe_arg, as_of, min_evidence, as_json):
    """Count entities by kind, relations by type, statuses and evidence levels."""
    snapshot = load_or_exit(universe_arg).as_of(as_of, min_evidence)
    universe = snapshot.universe
    entities = snapshot.entities.values()
    kinds = Counter(map(attrgetter("kind"), entities))  # counted a column at a time: 100,000 statements
    relations = Counter(map(attrgetter("relation"), snapshot.statements))
    statuses = Counter(status for e in entities if e.status and (status := snapshot.status_at(e.id)))
    evidence = Counter({level.value: count for level, count in Counter(map(attrgetter("evidence"), snapshot.statements)).items()})
    data = {
        "universe": universe.id,
        "title": universe.title,
        "horizon": snapshot.horizon.id if snapshot.horizon else "everything",
        "min_evidence": snapshot.min_evidence.value,
        "entities": sum(kinds.values()),
        "statements": len(snapshot.statements),
        "status_changes": sum(map(len, map(attrgetter("status"), entities))),
        "kinds": dict(sorted(kinds.items())),
        "relations": dict(relations.most_common()),
        "statuses": {k: statuses[k] for k in universe.statuses if statuses[k]},
        "evidence": {k: evidence[k] for k in EVIDENCE_LEVELS if evidence[k]},
    }
    if as_json:
        emit_json(data)
        return
    click.echo(f"{universe.title} as of {snapshot.horizon_label}, evidence down to {snapshot.min_evidence.label.lower()}")
    click.echo(f"{data['entities']} entities, {data['statements']} statements, {data['status_changes']} status changes")
    for title, key, labels in (
        ("Entities by kind", "kinds", {k: v.plural for k, v in universe.kinds.items()}),
        ("Statements by relation", "relations", {k: v.label for k, v in universe.relations.items()}),
        ("Status at the horizon", "statuses", {k: v.label for k, v in universe.statuses.items()}),
        ("Statements by evidence", "evidence", {e.value: e.label for e in Evidence}),
    ):
        click.echo(f"\n{title}:")
        for key_, count in data[key].items():
            click.echo(f"  {labels.get(key_, key_):<32} {count:>6}")


def _sources(refs) -> str:
    return ", ".join(ref.source + (f" ({ref.locator})" if ref.locator else "") for ref in refs)


@cli.command()
@click.argument("name")
@universe_argument
@as_of_option
@evidence_option
@json_option
def show(name, universe_arg, as_of, min_evidence, as_json):
    """Show an entity's page: NAME is its id, name or any alias, found like the Wiki's search
    (any case or romanisation, a part of the name, typos); says which entity it chose."""
    from universe.cli.lookup import choose_entity
    from universe.queries.profile import profile_record

    snapshot = load_or_exit(universe_arg).as_of(as_of, min_evidence)
    entity, chosen = choose_entity(snapshot, name)
    if chosen:
        click.echo(chosen, err=True)
    page = profile_record(snapshot, entity.id)
    if as_json:
        emit_json(page)
        return
    universe = snapshot.universe
    kind = universe.kinds[page["kind"]].label
    click.echo(f"{page['name']}  ({kind})")
    click.echo(f"As of {snapshot.horizon_label}; evidence down to {snapshot.min_evidence.label.lower()}.")
    if page["aliases"]:
        click.echo("Also known as: " + ", ".join(page["aliases"]))
    if page["description"]:
        click.echo(page["description"])
    if page["played_by"]:
        click.echo("Played by: " + "; ".join(f"{r['name']} ({r['span']}, {r['evidence']})" for r in page["played_by"]))
    if page["status"]:
        click.echo(f"Status: {universe.statuses[page['status']].label}")
        click.echo("Status timeline:")
        for row in page["status_timeline"]:
            note = f" - {row['note']}" if row["note"] else ""
            click.echo(f"  {row['at']:<8} {universe.statuses[row['status']].label:<20} {row['evidence']:<12} {', '.join(row['sources'])}{note}")
    if page["relations"]:
        click.echo("Relations:")
        for row in page["relations"]:
            ended = "" if row["holds"] else " (not now)"
            sources = f" [{', '.join(row['sources'])}]" if row["sources"] else ""
            click.echo(f"  {row['label']} {row['name']} - {row['span']}, {row['evidence']}{ended}{sources}")
    if page["claims"]:
        click.echo("Claims:")
        for row in page["claims"]:
            rank = "" if row["rank"] == "normal" else f" ({row['rank']})"
            date = f" [{row['date']}]" if row["date"] else ""
            click.echo(f"  {row['relation']}: {row['value']}{date} - {row['evidence']}{rank}; {', '.join(row['sources'])}")


@cli.command()
@universe_argument
@as_of_option
@evidence_option
@click.option("--status", "statuses", multiple=True, metavar="STATUS", help="Only these statuses (repeatable).")
@click.option("--kind", "kinds", multiple=True, help="Entity kinds to list (default: the universe's principal kinds, such as character).")
@json_option
def survivors(universe_arg, as_of, min_evidence, statuses, kinds, as_json):
    """Who is alive, infected, dead... at a story point, as a table."""
    from universe.queries.tables import survivors_table

    snapshot = load_or_exit(universe_arg).as_of(as_of, min_evidence)
    unknown = [s for s in statuses if s not in snapshot.universe.statuses]
    if unknown:
        raise click.BadParameter(
            f"unknown status {unknown[0]!r} (known: {', '.join(snapshot.universe.statuses)})", param_hint="--status"
        )
    table = survivors_table(snapshot, None, statuses or None, kinds or snapshot.universe.principal)
    if as_json:
        emit_json({"horizon": snapshot.horizon.id if snapshot.horizon else "everything",
                    "rows": table.drop(columns=["status_label"]).to_dict(orient="records")})
        return
    click.echo(f"As of {snapshot.horizon_label}; evidence down to {snapshot.min_evidence.label.lower()}.")
    if table.empty:
        click.echo("No one matches.")
        return
    click.echo(table[["name", "status_label", "since", "evidence"]].rename(columns={"status_label": "status"}).to_string(index=False))


@cli.command(name="export")
@universe_argument
@click.option("--format", "fmt", type=_ExportFormat(), required=True, help="Output format.")
@as_of_option
@evidence_option
@click.option("-o", "--output", type=click.Path(dir_okay=True, writable=True), help="File to write (a folder for csv); default: standard output.")
def export_command(universe_arg, fmt, as_of, min_evidence, output):
    """Export what a viewer at the horizon sees: the whole universe (json), or its graph.

    \b
    What each format keeps:
      json      everything: every entity, statement (claims too), status change, passage
                and source, read back by `universe import json`, beside the node-link graph
      nodelink  the node-link graph only (networkx, d3)
      graphml   the graph (undirected when every relation is symmetric); no claims,
                descriptions or status timelines
      gexf      the graph with time spans, so Gephi's timeline plays the story
      csv       entities.csv, statements.csv, status.csv (a folder with -o); cells that a
                spreadsheet would run as formulas (= + - @ tab CR) get a leading '
    """
    from universe.exchange.export import export

    snapshot = load_or_exit(universe_arg).as_of(as_of, min_evidence)
    text = export(snapshot, fmt, output)
    if text is not None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {output}", err=True)




def main() -> None:
    whole_process["freeze"] = True
    try:
        cli(prog_name="universe")
    except BrokenPipeError:  # while click printed a message or help
        _quiet_broken_pipe()
