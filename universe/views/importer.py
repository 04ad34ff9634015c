"""The Import page: character-network files become a new universe under the data directory.

Three formats, as ``universe import`` reads them (docs/importers.md): CSV edge lists (with node
lists and a column mapping), node-link JSON, and Stanford GraphBase files. Uploads are saved
under cleaned names in a temporary folder, the importer runs with a progress bar, and the new
folder is put in place only once it loads, so a failed import leaves nothing behind. Errors name
the uploaded file and line. Replacing an existing universe needs its id typed again; its arcs and
history are kept, and an Undo button brings the replaced files back. A read-only deployment
(UNIVERSE_READ_ONLY) has no write controls.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from universe.errors import ImportFailed, InvalidUniverseId, UniverseError, UniverseInvalid
from universe.exchange.importers import (
    SCHEMES,
    Columns,
    Dataset,
    ImportOptions,
    ImportReport,
    import_csv,
    import_nodelink,
    import_sgb,
)
from universe.exchange.importers.builder import slugify
from universe.exchange.importers.exported import import_full_export, is_full_export
from universe.exchange.importers.replacing import undo_replace
from universe.storage.revisions import is_read_only
from universe.storage.store import data_dir, list_universes, universe_path
from universe.views.saving import show_outcome, write
from universe.views.text import md

__all__ = ["render", "FORMATS", "slice_pattern"]

OVERVIEW_PAGE = "app_pages/overview.py"
FORMATS = {"csv": "CSV edge and node lists", "json": "Node-link JSON", "sgb": "Stanford GraphBase"}
SUFFIXES = {"csv": ["csv", "tsv", "txt"], "json": ["json"], "sgb": ["dat", "txt"]}
RELATIONS = {"csv": "interacts", "json": "interacts", "sgb": "appears-with"}
SCHEME_LABELS = {
    "season": "Seasons (S1, S2...)",
    "episode": "Episodes (I, II...)",
    "book": "Books",
    "chapter": "Chapters (1.1.1 = volume, book, chapter)",
    "plain": "As the files name them",
}
GUESS = ""  # a column picker's value meaning "guess from the header"
EDGE_ROLES = {"source": "Source", "target": "Target", "weight": "Weight", "time": "Time slice"}
NODE_ROLES = {"id": "Id", "label": "Name", "type": "Kind", "description": "Description"}
JSON_KEYS = {"id_key": "Node id", "name_key": "Node name", "weight_key": "Link weight", "time_key": "Link time slice",
             "type_key": "Node kind"}
_DONE = "import.done"
_REPLACED = "import.replaced"
SCOPE = "import"


@dataclass(frozen=True)
class Upload:
    """An uploaded file: the name it is saved under (letters, digits, ``.-_``) and its bytes."""

    name: str
    original: str
    data: bytes


def render() -> None:
    st.title("Import")
    st.caption("Turn character-network data (co-appearances, interactions) into a new universe you can "
               "explore here. Time slices (seasons, books, chapters) become story points, so the spoiler "
               "horizon works on it too.")
    if is_read_only():
        st.info("This explorer is read-only, so it cannot import. On a copy you can write to, run "
                "`universe import csv|json|sgb ...` (see docs/importers.md) or open this page there.",
                icon=":material/lock:")
        return
    kind = st.segmented_control("Format", list(FORMATS), format_func=FORMATS.get, key="import.format",
                                default="csv", required=True)
    uploads = _uploads(kind)
    with st.form("import.form"):
        mapping = _mapping(kind, uploads)
        left, right = st.columns(2)
        title = left.text_input("Title", key="import.title", max_chars=200, placeholder="Game of Thrones")
        universe_id = right.text_input("Universe id (its folder name)", key="import.id", max_chars=80,
                                       placeholder="from the title: game-of-thrones")
        licence = left.text_input("Licence of the data (required)", key="import.licence", max_chars=200,
                                  placeholder="CC BY 4.0")
        credit = right.text_input("Credit: who made the data", key="import.credit", max_chars=300)
        url = left.text_input("Where the data comes from (URL)", key="import.url", max_chars=500)
        options = _options(kind)
        replaced = st.session_state.get(_REPLACED, 0)  # each replace confirmed gives fresh widgets
        suffix = f".{replaced}" if replaced else ""
        replace = st.checkbox("Replace a universe with the same id", key=f"import.replace{suffix}",
                              help="Off: an existing universe is never overwritten. On: its arcs and history are kept, "
                              "and Undo brings its files back.")
        confirm = st.text_input("To replace it, type its id again", key=f"import.confirm{suffix}", max_chars=80,
                                placeholder="the id of the universe to replace")
        submitted = st.form_submit_button("Import", type="primary", icon=":material/upload:")
    if submitted:
        dataset = Dataset(credit=credit.strip() or None, licence=licence.strip() or None, url=url.strip() or None)
        _import(kind, uploads, mapping, options, title.strip(), universe_id.strip(), dataset, replace, confirm.strip())
    show_outcome(SCOPE)
    _show_done()


# -- inputs ------------------------------------------------------------------------------------


def _uploads(kind: str) -> dict[str, list[Upload]]:
    """The uploaded files by role (``edges``, ``nodes``, ``files``)."""
    types = SUFFIXES[kind]
    if kind == "csv":
        edges = st.file_uploader("Edge lists: one file, or one per time slice", type=types,
                                 accept_multiple_files=True, key="import.edges",
                                 help="A header row, then one link a row: Source,Target[,Weight][,Season]...")
        nodes = st.file_uploader("Node lists (optional): names and kinds of the ids", type=types,
                                 accept_multiple_files=True, key="import.nodes", help="A header row such as Id,Label[,Type].")
        return {"edges": _saved(edges), "nodes": _saved(nodes)}
    if kind == "json":
        files = st.file_uploader("Node-link JSON: one file, or one per time slice", type=types,
                                 accept_multiple_files=True, key="import.json",
                                 help='{"nodes": [{"id": ...}], "links": [{"source": ..., "target": ...}]}, links by id or by index.')
        return {"files": _saved(files)}
    file = st.file_uploader("A Stanford GraphBase character file (jean.dat, anna.dat...)", type=types, key="import.sgb")
    return {"files": _saved([file] if file else [])}


def _saved(files) -> list[Upload]:
    uploads, taken = [], set()
    for file in files or []:
        stem, suffix = os.path.splitext(file.name)
        base = (re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "file")[:100]
        suffix = re.sub(r"[^A-Za-z0-9.]+", "", suffix)[:10]
        name, n = base + suffix, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}{suffix}"
        taken.add(name)
        uploads.append(Upload(name, file.name, file.getvalue()))
    return uploads


def _mapping(kind: str, uploads: dict[str, list[Upload]]) -> dict:
    """The column mapping (CSV) or key names (JSON) the viewer chose; guesses by default."""
    if kind == "csv":
        chosen = {}
        for role_names, files, what in ((EDGE_ROLES, uploads["edges"], "edge"), (NODE_ROLES, uploads["nodes"], "node")):
            if not files:
                continue
            header = _header(files[0].data)
            st.caption(f"Columns of the {what} list {md(files[0].original)}: " + (md(", ".join(header)) or "none found"))
            columns = st.columns(len(role_names))
            for column, (role, label) in zip(columns, role_names.items()):
                chosen[role] = column.selectbox(label, [GUESS, *dict.fromkeys(header)], key=f"import.column.{role}",
                                                format_func=lambda name: name or "(guess)")
        return chosen
    if kind == "json":
        with st.expander("Keys (leave empty to guess: id or name, name or label, weight or value)"):
            columns = st.columns(len(JSON_KEYS))
            return {key: column.text_input(label, key=f"import.{key}", max_chars=100).strip()
                    for column, (key, label) in zip(columns, JSON_KEYS.items())}
    return {}


def _header(data: bytes) -> list[str]:
    """The cells of a CSV file's first non-blank line (its header), as the importer splits it."""
    text = data[:65536].decode("utf-8-sig", errors="replace")
    first = next((line for line in re.split(r"\r\n|\r|\n", text) if line.strip()), "")
    if not first:
        return []
    outside = re.sub(r'"[^"]*"', "", first)
    delimiter = max(",\t;|", key=outside.count)
    row = next(csv.reader(io.StringIO(first), delimiter=delimiter if outside.count(delimiter) else ","), [])
    return [cell.strip() for cell in row if cell.strip()]


def _options(kind: str) -> dict:
    with st.expander("Story time and naming"):
        left, right = st.columns(2)
        default = "chapter" if kind == "sgb" else "plain"
        slices = left.selectbox("Time slices become", SCHEMES, index=SCHEMES.index(default), key=f"import.slices.{kind}",
                                format_func=SCHEME_LABELS.get,
                                help="With several files, the part of their names that differs is each file's slice "
                                "(got-s1-edges.csv, got-s2-edges.csv: 1 and 2).")
        relation = right.text_input("Relation id of the links", value=RELATIONS[kind], key=f"import.relation.{kind}", max_chars=60)
        entity_kind = left.text_input("Kind of an entity without one", value="character", key="import.kind", max_chars=60)
        title_case = right.checkbox("Names in capitals in title case (DARTH VADER: Darth Vader)", key="import.title_case")
        presence = right.checkbox("Present or absent status per time slice", value=True, key="import.presence")
        directed = kind != "sgb" and left.checkbox("Links have a direction", key="import.directed")
        principal = left.text_input(
            "Node types that are the characters", key="import.principal", max_chars=200,
            placeholder="e.g. hero (comma-separated)",
            help="With two kinds of node (characters and the works they appear in), the character pages follow "
            "these types. Left empty, every type is kept and the report names the types it found.")
        co_appearance = right.checkbox(
            "Also link characters that share a work", key="import.co_appearance",
            help="The co-appearance projection: two characters are linked, weighted by the works they share.")
    return {"slices": slices, "relation": relation.strip(), "kind": entity_kind.strip(), "title_case": title_case,
            "presence": presence, "directed": directed, "co_appearance": co_appearance,
            "principal": tuple(p.strip() for p in principal.split(",") if p.strip())}


def slice_pattern(names: list[str]) -> str | None:
    """A ``{slice}`` pattern for several file names that differ in one part, or None.

    >>> slice_pattern(["got-s1-edges.csv", "got-s2-edges.csv", "got-s10-edges.csv"])
    'got-s{slice}-edges.csv'
    >>> slice_pattern(["a.csv"]) is None, slice_pattern(["x-1.csv", "x-1.csv.bak"]) is None
    (True, True)
    """
    if len(names) < 2:
        return None
    prefix = os.path.commonprefix(names)
    suffix = os.path.commonprefix([name[::-1] for name in names])[::-1]
    prefix = prefix.rstrip("0123456789")  # s1 and s10 share "s1", but the slice is the number
    suffix = suffix.lstrip("0123456789")
    if any(len(name) <= len(prefix) + len(suffix) for name in names):
        return None
    pattern = f"{prefix}{{slice}}{suffix}"
    return pattern if "*" not in pattern and "?" not in pattern and "[" not in pattern else None


# -- running it --------------------------------------------------------------------------------


def _import(kind: str, uploads: dict[str, list[Upload]], mapping: dict, options: dict, title: str,
            universe_id: str, dataset: Dataset, replace: bool, confirm: str = "") -> None:
    st.session_state.pop(_DONE, None)
    files = uploads.get("edges") or uploads.get("files") or []
    if not files:
        st.error("Upload a file first." if kind != "csv" else "Upload at least one edge list.")
        return
    if not dataset.licence:
        st.error("Name the data's licence (CC BY 4.0, 'own work'...): the new universe credits it on its source page.")
        return
    universe_id = universe_id or slugify(title) or slugify(Path(files[0].original).stem)
    root = data_dir()
    try:
        target = universe_path(universe_id, root)
    except InvalidUniverseId as error:
        st.error(f"{md(str(error))}. An id is made of lower-case letters, digits and hyphens, such as game-of-thrones.")
        return
    exists = universe_id in list_universes(root)
    if exists and not replace:
        st.error(f"There is already a universe **{md(universe_id)}**. Choose another id, or tick "
                 "'Replace a universe with the same id'.")
        return
    if exists and confirm != universe_id:
        st.error(f"Replacing **{md(universe_id)}** needs a confirmation: type {md(universe_id)} in 'To replace it, "
                 "type its id again'. Its arcs and history are kept, and Undo brings the replaced files back.")
        return
    settings = ImportOptions(
        title=title or None, dataset=dataset, slices=options["slices"], relation=options["relation"] or RELATIONS[kind],
        kind=options["kind"] or "character", title_case=options["title_case"], presence=options["presence"],
        principal_kinds=options.get("principal", ()), co_appearance=options.get("co_appearance", False),
    )
    bar = st.progress(0.0, text="Reading the files...")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="universe-upload-") as folder:
        originals = {}
        paths = {}
        for role, group in uploads.items():
            paths[role] = _write(Path(folder) / role, group, originals)

        def progress(fraction: float, message: str) -> None:
            bar.progress(min(1.0, max(0.0, fraction)), text=message.replace(folder, "upload"))

        try:
            report = _run(kind, paths, mapping, options, target, settings, replace, progress)
        except UniverseInvalid as invalid:
            bar.empty()
            st.error("The imported universe does not load, so nothing was written:")
            st.code("\n".join(_located(problem.file, problem.line, problem.message, originals) for problem in invalid.problems),
                    language=None)
            return
        except ImportFailed as failed:
            bar.empty()
            st.error("Nothing was imported: " + md(_located(failed.file, failed.line, failed.message, originals)))
            return
        except UniverseError as error:
            bar.empty()
            st.error(f"Nothing was imported: {md(str(error).replace(folder, 'upload'))}")
            return
    bar.progress(1.0, text=f"Done in {time.perf_counter() - started:.1f} s")
    st.session_state[_DONE] = (universe_id, report.title, report.entities, report.relations, report.story_points,
                               report.notes, report.replaced)
    if report.replaced:  # a replace is confirmed once: the next import starts with the box unticked, the id unsaid
        st.session_state[_REPLACED] = st.session_state.get(_REPLACED, 0) + 1


def _write(folder: Path, uploads: list[Upload], originals: dict) -> list[str]:
    """Save `uploads` in `folder`; the paths the importer reads (a ``{slice}`` pattern when the
    names differ in one part)."""
    folder.mkdir(parents=True, exist_ok=True)
    for upload in uploads:
        (folder / upload.name).write_bytes(upload.data)
        originals[str(folder / upload.name)] = upload.original
    pattern = slice_pattern([upload.name for upload in uploads])
    if pattern is not None:
        return [str(folder / pattern)]
    return [str(folder / upload.name) for upload in uploads]


def _run(kind, paths, mapping, options, target, settings, replace, progress) -> ImportReport:
    if kind == "csv":
        columns = Columns(**{role: (mapping.get(role) or None) for role in (*EDGE_ROLES, *NODE_ROLES)})
        return import_csv(paths["edges"], target, nodes=paths["nodes"], columns=columns, options=settings,
                          directed=options["directed"], force=replace, progress=progress)
    if kind == "json" and len(paths["files"]) == 1 and is_full_export(paths["files"][0]):
        return import_full_export(paths["files"][0], target, force=replace, progress=progress)  # the whole universe back
    if kind == "json":
        keys = {key: (value or None) for key, value in mapping.items()}
        return import_nodelink(paths["files"], target, options=settings, directed=options["directed"], force=replace,
                               progress=progress, **keys)
    return import_sgb(paths["files"][0], target, options=settings, force=replace, progress=progress)


def _located(file: str, line: int | None, message: str, originals: dict) -> str:
    """``edges.csv, line 4: weight 'x' is not a number``: the uploaded file's own name."""
    name = originals.get(file) or Path(file).name
    message = re.sub(r"name it with --(\w+)-col", r"choose the \1 column above", message)  # the CLI's words
    return f"{name}, line {line}: {message}" if line else f"{name}: {message}"


def _show_done() -> None:
    done = st.session_state.get(_DONE)
    if not done:
        return
    universe_id, title, entities, relations, points, notes, replaced = done
    st.success(f"Imported **{md(title)}**: {entities:,} entities, {relations:,} relations, {points:,} story points.",
               icon=":material/check_circle:")
    for note in notes:
        st.caption(md(note))
    if replaced:
        folder = universe_path(universe_id, data_dir())
        st.button("Undo this import", key="import.undo", icon=":material/undo:", on_click=write, args=(
            SCOPE, f"Undid the import: {universe_id}'s files are back as they were.", lambda: undo_replace(folder),
            lambda _: st.session_state.pop(_DONE, None)))
    st.page_link(OVERVIEW_PAGE, label=f"Explore {md(title)}", icon=":material/arrow_forward:",
                 query_params={"universe": universe_id})
