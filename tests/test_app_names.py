"""Names work in every entity picker as they do in the Wiki's search: any alias, romanisation or
typo, on the Graph's focus, on Connections, in the Arcs forms and the canon editor; sources do
not crowd the subject and object pickers; Enter in a multi-select never selects every match; the
Wiki's search answers as you type."""

from __future__ import annotations

import ast
import copy

import pytest
from apptest import ROOT, Explorer
from streamlit.proto.WidgetStates_pb2 import WidgetState

from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.store import load_universe
from universe.writing.arcstore import create_arc, load_arc
from universe.writing.editing import read_entity

HERO = "lee-min-jun"
MOTHER = "min-juns-mother"


def names_documents() -> tuple[dict, dict]:
    """The tiny universe with a hero known by several romanisations, his mother (whose name
    starts with his), and an article whose title names him."""
    universe, facts = copy.deepcopy(tiny_documents())
    universe["id"] = "names"
    entities = facts["facts.yaml"]["entities"]
    entities += [
        {"id": HERO, "kind": "character", "name": "Lee Min-jun", "aliases": ["Min-jun", "Minjoon", "Lee Min-joon"],
         "status": [{"at": "S1E1", "status": "alive"}]},
        {"id": MOTHER, "kind": "character", "name": "Min-jun's mother", "status": [{"at": "S1E1", "status": "alive"}]},
        {"id": "min-jun-interview", "kind": "source", "name": "Min-jun interview: the actor on season one"},
    ]
    facts["facts.yaml"]["statements"].append({"subject": MOTHER, "relation": "parent", "object": HERO})
    return universe, facts


@pytest.fixture
def folder(tmp_path, data_root):
    write_documents(tmp_path / "names", *names_documents())
    data_root(tmp_path)
    return tmp_path / "names"


def clean(at):
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def type_and_enter(widget, text: str):
    """What a browser sends when someone types `text` into a select box and presses Enter: the
    text itself (the select box keeps typed text as a new option)."""

    class Typed(type(widget)):
        @property
        def _widget_state(self) -> WidgetState:
            state = WidgetState()
            state.id = self.id
            state.string_value = text
            return state

    widget.__class__ = Typed
    return widget


@pytest.mark.parametrize("typed", ["minjoon", "Lee Min-joon", "min jun", "Minjon"])
def test_the_graph_focus_finds_by_alias_romanisation_and_typo(explorer, folder, typed):
    at = clean(explorer.open("graph"))
    type_and_enter(at.selectbox(key="graph.focus"), typed).run()
    clean(at)
    assert at.query_params["focus"] == HERO
    assert at.selectbox(key="graph.focus").value == HERO


@pytest.mark.parametrize("typed", ["minjoon", "Minjon", "Min-jun"])
def test_connections_find_by_alias_and_typo_and_prefer_the_character_to_his_mother(explorer, folder, typed):
    at = clean(explorer.open("connections"))
    type_and_enter(at.selectbox(key="connections.to"), typed).run()
    clean(at)
    assert at.query_params["to"] == HERO


def test_typed_text_that_names_nobody_keeps_the_choice_and_says_so(explorer, folder):
    at = clean(explorer.open("connections", to="carol"))
    type_and_enter(at.selectbox(key="connections.to"), "qqqqxxxx").run()
    clean(at)
    assert at.selectbox(key="connections.to").value == "carol" and at.query_params["to"] == "carol"
    assert any("Nothing visible at this point is called" in c.value for c in at.caption)


def test_picker_labels_carry_the_aliases(explorer, folder):
    at = clean(explorer.open("graph"))
    assert "Lee Min-jun · also Min-jun, Minjoon, Lee Min-joon" in at.selectbox(key="graph.focus").options


def _arcs_add_form(explorer, folder):
    create_arc(folder, "what-if", "What if", author="A. Writer")
    at = clean(explorer.open("arcs", arc="what-if"))
    at.session_state["arcs.tabs"] = "Add a change"
    at.run()
    at.button_group(key="arcs.add.kind").set_value("statement").run()
    return clean(at)


def test_the_arcs_form_resolves_typed_names_like_the_wiki_search(explorer, folder):
    at = _arcs_add_form(explorer, folder)
    type_and_enter(at.selectbox(key="arcs.add.statement.subject"), "Min-jun")  # not his mother
    at.selectbox(key="arcs.add.statement.relation").set_value("rival")
    type_and_enter(at.selectbox(key="arcs.add.statement.object"), "Carlo")  # a typo of Carol
    at.text_area(key="arcs.add.statement.rationale").input("They fall out.")
    next(b for b in at.button if b.label == "Add the change").click().run()
    clean(at)
    change = load_arc(folder, "what-if").changes[-1]
    assert (change.body["subject"], change.body["object"]) == (HERO, "carol")


def test_sources_do_not_crowd_the_subject_and_object_pickers(explorer, folder):
    at = _arcs_add_form(explorer, folder)
    subjects = at.selectbox(key="arcs.add.statement.subject").options
    assert not [o for o in subjects if "interview" in o]
    assert any(o.startswith("Lee Min-jun") for o in subjects)
    assert any("interview" in o for o in at.multiselect(key="arcs.add.statement.sources").options)


def test_the_canon_editor_resolves_typed_names(explorer, folder):
    at = clean(explorer.open("wiki", entity="bob", as_of="everything"))
    at.toggle(key="editor.open").set_value(True)
    at.session_state["editor.tabs"] = "Relations"
    clean(at.run())
    prefix = f"editor.bob.{read_entity(folder, 'bob').version}.statement.new"
    type_and_enter(at.selectbox(key=f"{prefix}.object"), "minjoon")
    at.selectbox(key=f"{prefix}.relation").set_value("rival")
    next(b for b in at.button if b.label == "Add the relation").click().run()
    clean(at)
    relations = {(s.subject, s.relation, s.object) for s in load_universe(folder).statements}
    assert ("bob", "rival", HERO) in relations


def test_no_multiselect_selects_every_match_on_enter():
    """Streamlit's multi-select offers "Select N matches" first, so typing then Enter selects
    them all; every multi-select of the explorer turns that off."""
    offenders = []
    for path in sorted((ROOT / "universe" / "views").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "multiselect":
                options = {k.arg: k.value for k in node.keywords}
                if not (isinstance(options.get("select_all"), ast.Constant) and options["select_all"].value is False):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders


def test_the_wiki_search_answers_as_you_type(explorer, folder):
    at = clean(explorer.open("wiki"))
    assert at.text_input(key="wiki.search").proto.live_debounce_ms > 0
    at.text_input(key="wiki.search").input("minjon").run()
    assert "Lee Min-jun" in Explorer.text(clean(at))
