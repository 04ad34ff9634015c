"""The Arcs page and the arc choice under AppTest: a writer creates an arc, adds a status change
and a relation through the forms, sees them on the wiki and in the graph with the arc chosen (and
not without), reads the diff, promotes a change, and is refused a stale save."""

from __future__ import annotations

import gc
import json
import weakref

import pytest
from apptest import Explorer, plain
from universes import HOSTILE

from universe.drawing.render import ARC_COLOUR
from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.store import load_universe
from universe.views import loading
from universe.writing.arcstore import add_change, create_arc, load_arc

ARC = "bob-falls"
STATUS = {"entity": "bob", "at": "S2", "status": "dead"}
RELATION = {"subject": "bob", "relation": "rival", "object": "dan"}


@pytest.fixture
def explorer(explorer):
    """A writer's explorer: no spoiler limit unless a test sets one (a first visit starts at the
    first story point, where a writer's arc about Season 2 is not revealed yet)."""

    class Writer(type(explorer)):
        def open(self, page: str = "overview", **params: str):
            params.setdefault("as_of", "everything")
            return super().open(page, **params)

    return Writer()


@pytest.fixture
def folder(tmp_path, data_root):
    """The tiny universe in a temporary data folder the app is pointed at."""
    write_documents(tmp_path / "tiny", *tiny_documents())
    data_root(tmp_path)
    return tmp_path / "tiny"


@pytest.fixture
def arc(folder):
    """An arc with the status change and the relation, written by the core."""
    created = create_arc(folder, ARC, "Bob falls", author="A. Writer", revealed="S1E1")  # its title spoils nothing
    created = add_change(folder, ARC, created.version, {"status": STATUS, "rationale": "He is not in the S2 teaser."})
    add_change(folder, ARC, created.version, {"statement": RELATION, "rationale": "Dan's new role.", "evidence": "fan-theory"})
    return ARC


def clean(at):
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def click(at, label: str):
    """Click the (form submit) button with this label and run."""
    buttons = [b for b in at.button if b.label == label]
    assert buttons, f"no button {label!r} in {[b.label for b in at.button]}"
    return buttons[0].click().run()


def tab(at, name: str):
    """Open a tab of the Arcs page (only the open tab runs)."""
    at.session_state["arcs.tabs"] = name
    return at.run()


def fill_add_form(at, kind: str, values: dict, rationale: str, evidence: str | None = None):
    if "arcs.tabs" not in at.session_state or at.session_state["arcs.tabs"] != "Add a change":
        at = tab(at, "Add a change")
    if kind != "status":
        at.button_group(key="arcs.add.kind").set_value(kind).run()
    added = at.session_state["arcs.add.round"] if "arcs.add.round" in at.session_state else 0
    prefix = f"arcs.add.{kind}" + (f".{added}" if added else "")  # each added change gives a fresh form
    for name, value in values.items():
        at.selectbox(key=f"{prefix}.{name}").set_value(value)
    at.text_area(key=f"{prefix}.rationale").input(rationale)
    if evidence:
        at.selectbox(key=f"{prefix}.evidence").set_value(evidence)
    return click(at, "Add the change")


def network(at) -> dict:
    for element in Explorer.elements(at, sidebar=False):
        proto = getattr(element, "proto", None)
        if type(element).__name__ == "UnknownElement" and getattr(proto, "component_name", "") == "universe_network":
            return json.loads(proto.json)
    raise AssertionError("the page drew no network")


def diff_table(at):
    """The diff's table (the one with a rationale column)."""
    tables = [d.value for d in at.dataframe if "rationale" in d.value.columns]
    assert len(tables) == 1, f"{len(tables)} diff tables"
    return tables[0]


def shown(at) -> str:
    """The page's text, without the options of pickers (the wiki's editor lists every entity)."""
    return "\n".join(line for line in Explorer.text(at).splitlines() if " | " not in line)


def successes(at) -> list[str]:
    return [plain(s.value) for s in at.success]


# -- the writer's flow through the forms ------------------------------------------------------


def test_create_an_arc_add_a_status_change_and_a_relation_through_the_forms(explorer, folder):
    at = clean(explorer.open("arcs"))
    at.text_input(key="arcs.create.title").input("Bob falls")
    at = clean(click(at, "Create the arc"))
    assert successes(at) == ["Created the arc 'bob-falls'."]
    assert at.query_params["arc"] == ARC and at.selectbox(key="state.arc").value == ARC
    at = clean(fill_add_form(at, "status", STATUS, "He is not in the S2 teaser."))
    assert successes(at) == ["Added the change 'status-bob-s2' to the arc."]
    at = clean(fill_add_form(at, "statement", RELATION, "Dan's new role.", evidence="fan-theory"))
    arc = load_arc(folder, ARC)
    assert [(c.kind, dict(c.body), c.evidence.value) for c in arc.changes] == [
        ("status", STATUS, "speculation"), ("statement", RELATION, "fan-theory")]
    assert all(c.rationale for c in arc.changes)
    table = diff_table(tab(at, "Diff against canon"))
    assert list(table[""]) == ["+ added", "+ added"]
    assert list(table["change"]) == ["Bob: Alive → Dead at S2", "Bob rival of Dan Actor (always)"]


def test_a_form_without_a_rationale_is_refused_and_writes_nothing(explorer, folder, arc):
    before = (folder / "arcs" / f"{ARC}.yaml").read_text()
    at = tab(explorer.open("arcs", arc=ARC), "Add a change")
    at = click(at, "Add the change")
    assert "Every change needs a rationale" in plain(at.error[0].value)
    assert (folder / "arcs" / f"{ARC}.yaml").read_text() == before


def test_an_invalid_change_is_refused_with_its_file_and_line(explorer, folder, arc):
    before = (folder / "arcs" / f"{ARC}.yaml").read_text()
    at = explorer.open("arcs", arc=ARC)  # 'plays' takes a person as its subject, not a character
    at = fill_add_form(at, "statement", {"subject": "bob", "relation": "plays", "object": "alice"}, "A cameo.")
    assert "nothing was written" in plain(at.error[0].value)
    assert f"arcs/{ARC}.yaml:23: 'plays' takes a subject of kind person, not character 'bob'" in at.code[0].value
    assert (folder / "arcs" / f"{ARC}.yaml").read_text() == before


def test_the_wiki_shows_the_arc_only_when_it_is_chosen(explorer, arc):
    with_arc = shown(clean(explorer.open("wiki", entity="bob", arc=ARC)))
    without = shown(clean(explorer.open("wiki", entity="bob")))
    assert "Dan Actor" in plain(with_arc) and "Dan Actor" not in plain(without)
    assert "Dead" in plain(with_arc) and "Dead" not in plain(without)
    assert ":violet-badge[arc]" in with_arc and ":violet-badge[arc]" not in without  # the arc's relation is marked


def test_choosing_another_universe_drops_the_arc(explorer, folder, arc):
    write_documents(folder.parent / "other", *tiny_documents())
    at = clean(explorer.open("overview", arc=ARC))
    at.selectbox(key="state.universe").set_value("other").run()
    assert "arc" not in at.query_params and at.selectbox(key="state.universe").value == "other"
    assert not at.warning


def test_the_graph_shows_the_arc_only_when_it_is_chosen(explorer, folder, arc):
    statement = load_universe(folder)  # canon: no such edge
    assert not any(s.subject == "bob" and s.relation == "rival" for s in statement.statements)
    with_arc = network(clean(explorer.open("graph", arc=ARC, kinds="all")))  # Dan is a person: not in the default view
    without = network(clean(explorer.open("graph", kinds="all")))
    ids = {e["id"] for e in with_arc["edges"]}
    assert "bob/rival/dan" in ids and "bob/rival/dan" not in {e["id"] for e in without["edges"]}
    bob = next(n for n in with_arc["nodes"] if n["id"] == "bob")
    assert "Dead" in " ".join(bob["info"])


def test_every_page_runs_with_the_arc_chosen(explorer, arc):
    for page in ["overview", "wiki", "graph", "survivors", "connections", "timeline", "arcs"]:
        at = clean(explorer.open(page, arc=ARC, as_of="S1E3"))
        assert at.query_params["arc"] == ARC


def test_the_diff_lists_exactly_the_arcs_changes_and_hides_them_before_the_horizon(explorer, arc):
    table = diff_table(clean(explorer.open("arcs", arc=ARC)))
    assert list(table["id"]) == ["status-bob-s2", "statement-bob-rival-dan"]
    early = clean(explorer.open("arcs", arc=ARC, as_of="S1E3"))
    assert "status-bob-s2" not in Explorer.text(early)  # revealed at S2
    assert list(diff_table(early)["id"]) == ["statement-bob-rival-dan"]
    canon_only = clean(explorer.open("arcs", arc=ARC, evidence="canon"))
    assert "Nothing of this arc is visible at this point." in [i.value for i in canon_only.info]


def test_promote_moves_a_change_into_canon(explorer, folder, arc):
    at = tab(explorer.open("arcs", arc=ARC), "Changes")
    at.selectbox(key="arcs.change").set_value("statement-bob-rival-dan").run()
    version = load_arc(folder, ARC).version
    at.multiselect(key=f"arcs.promote.{version}.statement-bob-rival-dan.sources").set_value(["notes"])
    at.checkbox(key=f"arcs.promote.{version}.statement-bob-rival-dan.confirm").check()
    at = clean(click(at, "Promote into canon"))
    assert successes(at)[0].startswith("Promoted 'statement-bob-rival-dan' into canon")
    canon = load_universe(folder)
    promoted = next(s for s in canon.statements if s.id == "bob/rival/dan")
    assert promoted.evidence.value == "canon" and [r.source for r in promoted.sources] == ["notes"]
    assert "Promoted from arc 'bob-falls'" in promoted.note
    assert [c.id for c in load_arc(folder, ARC).changes] == ["status-bob-s2"]


def test_promote_needs_a_source_and_a_confirmation(explorer, folder, arc):
    at = tab(explorer.open("arcs", arc=ARC), "Changes")
    at.selectbox(key="arcs.change").set_value("statement-bob-rival-dan").run()
    prefix = f"arcs.promote.{load_arc(folder, ARC).version}.statement-bob-rival-dan"
    before = {p.name: p.read_bytes() for p in folder.rglob("*.yaml")}
    at.checkbox(key=f"{prefix}.confirm").check()
    at = click(at, "Promote into canon")
    assert [plain(e.value) for e in at.error] == [
        "Refused: nothing was written. Choose the source that confirms it under 'Confirmed by': canon needs one."]
    at.multiselect(key=f"{prefix}.sources").set_value(["notes"])
    at.checkbox(key=f"{prefix}.confirm").uncheck()
    at = click(at, "Promote into canon")
    assert [plain(e.value) for e in at.error] == [
        "Refused: nothing was written. Tick 'Write it into canon's files' to confirm the promotion."]
    assert {p.name: p.read_bytes() for p in folder.rglob("*.yaml")} == before


def test_edit_and_remove_a_change(explorer, folder, arc):
    at = tab(explorer.open("arcs", arc=ARC), "Changes")
    version = load_arc(folder, ARC).version
    at.selectbox(key=f"arcs.edit.{version}.status-bob-s2.status").set_value("infected")
    at = clean(click(at, "Save the change"))
    assert dict(load_arc(folder, ARC).change("status-bob-s2").body)["status"] == "infected"
    at = clean(click(at, "Remove this change"))
    assert [c.id for c in load_arc(folder, ARC).changes] == ["statement-bob-rival-dan"]
    at = clean(click(at, "Undo the last change"))
    assert len(load_arc(folder, ARC).changes) == 2


def test_a_stale_save_is_refused_with_what_changed(explorer, folder, arc):
    at = tab(explorer.open("arcs", arc=ARC), "Add a change")  # the writer's form shows the arc as it is now...
    other = load_arc(folder, ARC)  # ...and another writer saves first
    add_change(folder, ARC, other.version, {"entity": {"id": "eve", "kind": "character", "name": "Eve"}, "rationale": "New."})
    at = fill_add_form(at, "status", {"entity": "carol", "at": "S2", "status": "dead"}, "Mine.")
    assert "changed since you read it" in plain(at.error[0].value) and "nothing was saved" in plain(at.error[0].value)
    assert "+" in at.code[0].value and "eve" in at.code[0].value  # the diff of what the other writer did
    assert [c.id for c in load_arc(folder, ARC).changes][-1] == "entity-eve"  # theirs kept, mine not written


def test_rename_duplicate_delete_and_bring_back(explorer, folder, arc):
    at = tab(explorer.open("arcs", arc=ARC), "Settings")
    at.text_input(key="arcs.duplicate.id").input("bob-falls-2")
    at = clean(click(at, "Duplicate"))
    assert at.query_params["arc"] == "bob-falls-2" and (folder / "arcs" / "bob-falls-2.yaml").is_file()
    at.text_input(key="arcs.rename.id").input("bob-stumbles")
    at = clean(click(at, "Rename"))
    assert at.query_params["arc"] == "bob-stumbles" and not (folder / "arcs" / "bob-falls-2.yaml").exists()
    version = load_arc(folder, "bob-stumbles").version
    at.checkbox(key=f"arcs.delete.sure.{version}").check().run()
    at = clean(click(at, "Delete the arc"))
    assert "arc" not in at.query_params and not (folder / "arcs" / "bob-stumbles.yaml").exists()
    at = clean(click(at, "Bring back bob-stumbles"))
    assert (folder / "arcs" / "bob-stumbles.yaml").is_file()


def test_import_an_arc_file(explorer, folder, arc):
    text = (folder / "arcs" / f"{ARC}.yaml").read_text()
    at = explorer.open("arcs")
    at.file_uploader(key="arcs.import.file").set_value(("shared.yaml", text.encode(), "application/x-yaml"))
    at.text_input(key="arcs.import.id").input("shared")
    at = clean(click(at, "Import"))
    assert load_arc(folder, "shared").changes == load_arc(folder, ARC).changes
    assert at.query_params["arc"] == "shared"


def test_a_broken_arc_shows_its_problems_and_the_pages_show_canon(explorer, folder, arc):
    path = folder / "arcs" / f"{ARC}.yaml"
    path.write_text(path.read_text().replace("status: dead", "status: deadd"))
    at = clean(explorer.open("wiki", entity="bob", arc=ARC))
    assert any("cannot be applied" in plain(w.value) for w in at.warning)
    assert any(f"arcs/{ARC}.yaml:" in c.value and "deadd" in c.value for c in at.code)
    assert "Dan Actor" not in plain(shown(at))  # canon only


# -- read-only deployments and hostile text ----------------------------------------------------


def test_read_only_shows_arcs_and_diffs_but_no_edit_control(explorer, arc, monkeypatch):
    monkeypatch.setenv("UNIVERSE_READ_ONLY", "1")
    at = clean(explorer.open("arcs", arc=ARC))
    assert "read-only" in at.info[0].value
    assert list(diff_table(at)["id"]) == ["status-bob-s2", "statement-bob-rival-dan"]
    assert [b.label for b in at.button] == []
    at = clean(tab(at, "Changes"))
    assert at.selectbox(key="arcs.change").value == "status-bob-s2" and [b.label for b in at.button] == []
    assert not at.text_input and not at.text_area and not at.get("file_uploader")
    assert {s.key for s in at.selectbox} <= {"state.universe", "state.as_of", "state.evidence", "state.arc", "arcs.change"}


def test_hostile_titles_and_rationales_show_as_text(explorer, folder):
    created = create_arc(folder, "hostile", f"Title {HOSTILE['img']}", author=HOSTILE["link"], description=HOSTILE["script"])
    add_change(folder, "hostile", created.version, {"status": STATUS, "rationale": f"{HOSTILE['link']} {HOSTILE['img']}"})
    at = clean(explorer.open("arcs", arc="hostile"))
    markdown = [e.value for e in Explorer.elements(at) if type(e).__name__ in ("Markdown", "Caption", "Header", "Title")]
    assert any("Title \\<img src\\=x onerror\\=alert\\(1\\)\\>" in m for m in markdown)
    for text in markdown:  # every occurrence escaped: no tag, no link
        assert "<img" not in text.replace("\\<img", "") and "](javascript" not in text.replace("\\](javascript", "")
    assert at.selectbox(key="state.arc").format_func("hostile") == f"Title {HOSTILE['img']}"  # a widget label: text
    assert f"{HOSTILE['link']} {HOSTILE['img']}" in list(diff_table(at)["rationale"])


def test_the_graph_marks_the_arcs_work_and_fades_what_it_retracts(explorer, folder, arc):
    version = load_arc(folder, ARC).version
    add_change(folder, ARC, version, {"retract": {"statement": "alice/friend/bob"}, "rationale": "They never met."})
    at = clean(explorer.open("graph", arc=ARC, as_of="everything", kinds="all"))
    data = network(at)
    legend = Explorer.text(at)
    assert "dashed ring: added or changed by the arc" in legend and "glowing: a relation the arc adds or ends" in legend
    assert "faded, dashed: canon the arc retracts" in legend
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {e["id"]: e for e in data["edges"]}
    assert nodes["bob"]["color"]["border"] == ARC_COLOUR and nodes["bob"]["shapeProperties"]["borderDashes"]  # the focus is solid
    assert edges["bob/rival/dan"]["shadow"]["color"] == ARC_COLOUR and edges["bob/rival/dan"]["width"] == 4
    faded = edges["retracted:alice/friend/bob"]
    assert faded["color"]["opacity"] < 0.5 and faded["dashes"] and (faded["from"], faded["to"]) == ("alice", "bob")
    assert "alice/friend/bob" not in edges  # not in the arc's universe
    assert not any(isinstance(n["color"], dict) and n["color"].get("border") == ARC_COLOUR for n in nodes.values() if n["id"] != "bob")
    canon = network(clean(explorer.open("graph")))
    assert "alice/friend/bob" in {e["id"] for e in canon["edges"]}
    assert not any("shadow" in e for e in canon["edges"])
    early = network(clean(explorer.open("graph", arc=ARC, as_of="S1E3")))  # Bob's death in S2 is not shown yet
    assert not isinstance(next(n for n in early["nodes"] if n["id"] == "bob")["color"], dict)


def test_a_malformed_arc_file_can_be_fixed_on_the_page(explorer, folder, arc):
    path = folder / "arcs" / f"{ARC}.yaml"
    good = path.read_text()
    path.write_text(good.replace("rationale: He is not in the S2 teaser.", "rationale: [unclosed"))
    at = explorer.open("arcs", arc=ARC)
    assert "cannot be read" in at.error[0].value
    assert any(f"arcs/{ARC}.yaml:" in c.value for c in at.code)
    broken = path.read_text()
    at.text_area(key=f"arcs.yaml.{load_version(path)}.text").input(good)
    at = click(at, "Save the file")
    assert successes(at) == ["Saved the arc's file."] and path.read_text() == good and broken != good
    assert len(load_arc(folder, ARC).changes) == 2


def load_version(path) -> str:
    from universe.storage.revisions import read_versioned

    return read_versioned(path)[1]


def test_a_form_submitted_twice_saves_once():
    """A double click sends the same form twice before the page is drawn again: both submissions
    carry the token of the form as drawn, and only the first one saves."""
    from streamlit.testing.v1 import AppTest

    def script():
        import streamlit as st

        from universe.views.saving import show_outcome, write

        saved = st.session_state.setdefault("saved", [])
        for _ in range(2):
            write("twice", "Saved.", lambda: saved.append("change"), once="arcs.add.status@v1")
        write("twice", "Saved.", lambda: saved.append("other"), once="arcs.add.status@v2")  # the next form
        show_outcome("twice")
        st.write(f"saved {len(saved)}")

    at = AppTest.from_function(script).run()
    assert not at.exception and [m.value for m in at.markdown] == ["saved 2"]
    assert at.session_state["saved"] == ["change", "other"]


def test_an_edited_arc_frees_its_layer_before(explorer, folder, arc):
    """An arc over canon is a version of its own: when its file changes, the layer made before and
    what the pages cached of it (snapshots, summaries, graphs) are dropped, canon's are kept."""
    for page, params in (("overview", {}), ("wiki", {"entity": "bob"}), ("graph", {}), ("timeline", {})):
        at = clean(explorer.open(page, arc=ARC, **params))
    view = at.session_state["state.view"]
    assert view.arc == ARC
    layered, canon = weakref.ref(view.universe), weakref.ref(loading.load(folder).universe)
    del at, view
    add_change(folder, ARC, load_arc(folder, ARC).version, {"status": {"entity": "dan", "at": "S2", "status": "dead"},
                                                            "rationale": "A second fall."})
    at = clean(explorer.open("wiki", entity="dan", arc=ARC))
    gc.collect()
    assert layered() is None
    assert canon() is not None and canon() is loading.load(folder).universe  # canon did not change: kept
