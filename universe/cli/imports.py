"""`universe import csv|json|sgb`: thin commands over `universe.exchange.importers`."""

from __future__ import annotations

import time
from pathlib import Path

import click

from universe.errors import UniverseError, UniverseInvalid
from universe.exchange.importers.builder import Dataset, ImportOptions
from universe.exchange.importers.csvlists import Columns, import_csv
from universe.exchange.importers.datafiles import expand
from universe.exchange.importers.exported import import_full_export, is_full_export
from universe.exchange.importers.nodelink import import_nodelink
from universe.exchange.importers.sgb import import_sgb
from universe.exchange.importers.slices import SCHEMES, out_of_sequence
from universe.storage.store import data_dir, universe_path

__all__ = ["import_group"]


def _target(text: str) -> Path:
    """A folder path, or the id of a universe under the data folder."""
    if "/" in text or "\\" in text or text.startswith("."):
        return Path(text)
    return universe_path(text, data_dir())


def _common(slices: str, relation: str):
    """The options every import command shares (target, credit, story time, naming)."""

    def decorate(command):
        options = [
            click.option("-o", "--output", required=True, metavar="FOLDER",
                         help="The universe folder to create (its name is the universe id), or an id under the data folder."),
            click.option("--title", help="The universe's title (default: from the id)."),
            click.option("--licence", "--license", "licence",
                         help="The dataset's licence, credited on its source entity (e.g. 'CC BY 4.0'); required "
                              "except for a full export, which carries its own sources."),
            click.option("--credit", help="Who made the dataset (authors, project)."),
            click.option("--source-url", help="Where the dataset comes from."),
            click.option("--slices", type=click.Choice(SCHEMES), default=slices, show_default=True,
                         help="How time slices become story points: season (S1..), episode (I..), book, chapter (1.1.1), plain."),
            click.option("--relation", default=relation, show_default=True, help="The relation id the links become."),
            click.option("--kind", default="character", show_default=True, help="The kind of an entity without a type."),
            click.option("--principal-kind", "principal_kinds", multiple=True, metavar="TYPE",
                         help="A node type the character pages (Overview, Survivors, Connections) follow, when the "
                              "data has several (hero, not comic; actor, not film); repeatable."),
            click.option("--co-appearance", is_flag=True,
                         help="Also link the principal entities that share a work (another node), weighted by the "
                              "works they share: the co-appearance network of a two-kind graph."),
            click.option("--title-case", is_flag=True, help="Write names in capitals in title case (DARTH VADER -> Darth Vader)."),
            click.option("--no-presence", is_flag=True, help="No present/absent status per time slice."),
            click.option("--force", is_flag=True, help="Replace an existing universe folder (atomically)."),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _options(title, licence, credit, source_url, slices, relation, kind, title_case, no_presence,
             principal_kinds=(), co_appearance=False) -> ImportOptions:
    if not licence:
        raise click.UsageError("Missing option '--licence': the dataset's licence, credited on its source entity")
    return ImportOptions(
        title=title,
        dataset=Dataset(credit=credit, licence=licence, url=source_url),
        slices=slices,
        relation=relation,
        kind=kind,
        title_case=title_case,
        presence=not no_presence,
        principal_kinds=tuple(principal_kinds),
        co_appearance=co_appearance,
    )


def _announce(patterns, what: str) -> None:
    """Say which files a pattern matched, in the order they are read, and any time slice that
    breaks the sequence of the others (a merged file matched by the same {slice} pattern)."""
    try:
        files = expand(list(patterns), what)
    except UniverseError:
        return  # the import itself reports it, with the pattern
    if not files:
        return
    listed = ", ".join(f.path.name + (f" (slice {f.slice})" if f.slice is not None else "") for f in files)
    click.echo(f"reading {len(files)} {what}{'s' * (len(files) != 1)} in this order: {listed}", err=True)
    stray = out_of_sequence([f.slice for f in files if f.slice is not None])
    for label in stray:
        name = next(f.path.name for f in files if f.slice == label)
        click.echo(f"warning: {name} (slice {label}) breaks the sequence of the others: a merged or stray file? "
                   "It becomes a story point of its own; name the files one by one to leave it out.", err=True)


def _run(importer, *args, output: str, force: bool, **kwargs) -> None:
    """Run one import; print its report, or turn a UniverseError into a message and exit 1."""
    started = time.perf_counter()
    try:
        report = importer(*args, _target(output), force=force, **kwargs)
    except UniverseInvalid as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("the imported universe does not load; nothing was written") from None
    except UniverseError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{report.summary()} in {time.perf_counter() - started:.1f} s")
    for note in report.notes:
        click.echo(f"note: {note}", err=True)


@click.group(name="import", context_settings={"help_option_names": ["-h", "--help"]})
def import_group():
    """Import character-network data as a new universe folder.

    Every import writes the universe beside its target, checks that it loads, and only then
    puts it in place: a failed import leaves nothing behind. See docs/importers.md.
    """


@import_group.command("csv")
@click.argument("edges", nargs=-1, required=True)
@click.option("--nodes", multiple=True, metavar="PATH", help="Node list(s): a path, glob or {slice} pattern (repeatable).")
@click.option("--source-col", help="Edge column of the source id (default: Source, from...).")
@click.option("--target-col", help="Edge column of the target id (default: Target, to...).")
@click.option("--weight-col", help="Edge column of the weight (default: Weight, value...; else each row counts 1).")
@click.option("--time-col", help="Edge column of the time slice (default: Season, Episode... when the file name gives "
                                 "none; 'none' turns the guess off). A row with an empty time cell is left out and listed.")
@click.option("--id-col", help="Node column of the id (default: Id, name...).")
@click.option("--label-col", help="Node column of the name (default: Label, name...).")
@click.option("--type-col", help="Node column of the kind (default: Type, kind...).")
@click.option("--description-col", help="Node column of the description.")
@click.option("--directed", is_flag=True, help="Keep link direction (default: undirected, A-B = B-A).")
@_common(slices="plain", relation="interacts")
def csv_command(edges, nodes, source_col, target_col, weight_col, time_col, id_col, label_col, type_col,
                description_col, directed, output, force, **options):
    """Import CSV edge lists, and node lists, as a universe.

    EDGES are paths, globs or {slice} patterns: 'got-s{slice}-edges.csv' reads every matching
    file, and the text in place of {slice} is its time slice (quote the pattern).

    \b
    Examples:
      universe import csv 'data/got-s{slice}-edges.csv' --nodes 'data/got-s{slice}-nodes.csv' \\
          --slices season --title "Game of Thrones" --licence "CC BY-NC-SA 4.0" \\
          --credit "Andrew Beveridge and Michael Chemers" -o /tmp/got
      universe import csv edges.csv --time-col Label --slices chapter --licence "CC BY 4.0" -o /tmp/lesmis
    """
    columns = Columns(source_col, target_col, weight_col, time_col, id_col, label_col, type_col, description_col)
    if nodes:
        _announce(nodes, "node file")
    _announce(edges, "edge file")
    _run(import_csv, list(edges), output=output, force=force, nodes=list(nodes), columns=columns,
         directed=directed, options=_options(**options))


@import_group.command("json")
@click.argument("files", nargs=-1, required=True)
@click.option("--id-key", help="Node key of the id (default: id, else name; links by index when nodes have no id).")
@click.option("--name-key", help="Node key of the name (default: name or label).")
@click.option("--weight-key", help="Link key of the weight (default: weight or value).")
@click.option("--time-key", help="Link key of the time slice (default: the file's {slice}).")
@click.option("--type-key", help="Node key of the kind.")
@click.option("--directed", is_flag=True, help="Keep link direction (default: undirected).")
@_common(slices="plain", relation="interacts")
def json_command(files, id_key, name_key, weight_key, time_key, type_key, directed, output, force, **options):
    """Import node-link JSON (d3's or networkx's shape) as a universe, or read back a full export.

    FILES are paths, globs or {slice} patterns, one file per time slice. A file written by
    `universe export --format json` is read back whole: the same entities, statements, status
    changes, reveals and sources (the graph options do not apply).

    \b
    Examples:
      universe import json 'networks/starwars-episode-{slice}-interactions-allCharacters.json' \\
          --slices episode --title-case --title "Star Wars" --licence "CC BY 4.0" \\
          --credit "Evelina Gabasova" -o /tmp/star-wars
      universe import json graph.json --licence "own work" -o /tmp/my-story
      universe import json my-story.json -o /tmp/my-story-copy   # a full export
    """
    if len(files) == 1 and is_full_export(files[0]):
        _run(import_full_export, files[0], output=output, force=force)
        return
    _announce(files, "JSON file")
    _run(import_nodelink, list(files), output=output, force=force, directed=directed, options=_options(**options),
         id_key=id_key, name_key=name_key, weight_key=weight_key, time_key=time_key, type_key=type_key)


@import_group.command("sgb")
@click.argument("file")
@_common(slices="chapter", relation="appears-with")
def sgb_command(file, output, force, **options):
    """Import a Stanford GraphBase character file (Knuth's jean.dat shape) as a universe.

    Chapters (1.1.1 = volume 1, book 1, chapter 1) become story points; characters in the
    same ;-separated group of a chapter line appear together there.

    \b
    Examples:
      universe import sgb jean-complete.dat --title "Les Misérables" --licence "CC BY 4.0" \\
          --credit "Michal Ginsburg, after Donald Knuth" -o /tmp/les-miserables
    """
    _run(import_sgb, file, output=output, force=force, options=_options(**options))
