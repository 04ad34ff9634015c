"""The Import page under AppTest: uploads become a universe under a temporary data folder."""

from pathlib import Path

import pytest
from apptest import APP, Explorer, plain

from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.store import list_universes, load_universe
from universe.writing.arcstore import create_arc
from universe.writing.editing import edit_entity

DATA = Path(__file__).parent / "data" / "importers"
THRONES = DATA / "thrones"
PAGE = "app_pages/import.py"


@pytest.fixture
def root(tmp_path, data_root):
    """An empty data folder the app reads and writes (never the repository's data/)."""
    return data_root(tmp_path / "data")


def opened(**params):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at, key: str, *files: Path, named: dict | None = None):
    """Put files in the uploader `key` (under other names with `named`) and rerun."""
    named = named or {}
    widget = next(w for w in at.get("file_uploader") if key in w.proto.id)
    widget.set_value([(named.get(f.name, f.name), f.read_bytes(), "text/plain") for f in files])
    at.run()
    assert not at.exception, at.exception
    return at


def submit(at, *, title="Game of Thrones", licence="CC BY-NC-SA 4.0", **fields):
    at.text_input(key="import.title").input(title)
    at.text_input(key="import.licence").input(licence)
    for key, value in fields.items():
        widget = at.text_input(key=f"import.{key}") if isinstance(value, str) else at.checkbox(key=f"import.{key}")
        widget.set_value(value)
    at.get("form_submit_button")[0].click().run()
    assert not at.exception, at.exception
    return at


def errors(at) -> str:
    return "\n".join(plain(e.value) for e in at.error) + "\n".join(c.value for c in at.code)


def thrones(at, **fields):
    upload(at, "import.edges", THRONES / "got-s1-edges.csv", THRONES / "got-s2-edges.csv")
    at.selectbox(key="import.slices.csv").set_value("season")
    return submit(at, **fields)


def test_the_page_needs_no_universe(root):
    at = opened()
    assert at.title[0].value == "Import"
    assert not at.error and list_universes(root) == []
    assert [w.label for w in at.get("file_uploader")][0].startswith("Edge lists")


def test_csv_files_per_season_become_a_universe_with_seasons(root):
    at = thrones(opened(), credit="Andrew Beveridge")
    assert not at.error, errors(at)
    assert "Imported **Game of Thrones**" in at.success[0].value
    universe = load_universe(root / "game-of-thrones")
    assert universe.title == "Game of Thrones"
    assert [p.id for p in universe.timeline.points if p.level == "season"] == ["S1", "S2"]
    assert {"ned", "robert", "arya"} <= set(universe.entities)
    link = at.get("page_link")[-1]
    assert link.proto.label == "Explore Game of Thrones"
    assert "universe=game-of-thrones" in link.proto.query_string
    assert not [p for p in root.iterdir() if p.name.startswith(".")], "no staging folder left behind"


def test_the_link_opens_the_new_universe(root):
    thrones(opened())
    at = Explorer().open("overview", universe="game-of-thrones")
    assert not at.exception and not at.error
    assert plain(at.title[0].value) == "Game of Thrones"


def test_node_lists_name_the_ids(root):
    at = opened()
    upload(at, "import.edges", THRONES / "got-s1-edges.csv", THRONES / "got-s2-edges.csv")
    upload(at, "import.nodes", THRONES / "got-s1-nodes.csv", THRONES / "got-s2-nodes.csv")
    submit(at)
    assert not at.error, errors(at)
    assert load_universe(root / "game-of-thrones").entities["jon-snow"].name == "Jon"


def test_columns_are_mapped_from_the_header(root, tmp_path):
    odd = tmp_path / "links.csv"
    odd.write_text("who;whom;times\nAnna;Vronsky;4\nAnna;Karenin;2\n", encoding="utf-8")
    at = upload(opened(), "import.edges", odd)
    assert "who, whom, times" in plain(at.caption[1].value)
    at.selectbox(key="import.column.source").set_value("who")
    at.selectbox(key="import.column.target").set_value("whom")
    at.selectbox(key="import.column.weight").set_value("times")
    submit(at, title="Anna Karenina", id="anna")
    assert not at.error, errors(at)
    universe = load_universe(root / "anna")
    weights = sorted(s.weight for s in universe.statements if s.object is not None)
    assert weights == [2, 4]


def test_a_taken_id_is_refused_unless_replace_is_ticked(root):
    at = thrones(opened())
    before = (root / "game-of-thrones" / "universe.yaml").read_bytes()
    submit(at, title="Game of Thrones")
    assert "already a universe **game-of-thrones**" in errors(at)
    assert (root / "game-of-thrones" / "universe.yaml").read_bytes() == before
    submit(at, title="Game of Thrones", replace=True, confirm="game-of-thrones")
    assert not at.error and at.success


def test_replacing_asks_for_the_id_keeps_arcs_and_history_and_can_be_undone(root):
    at = thrones(opened())
    target = root / "game-of-thrones"
    create_arc(target, "what-if", "What if")
    edit_entity(target, "arya", None, name="Arya Stark")
    before = {p.name: p.read_bytes() for p in target.glob("*.yaml")}
    arc = (target / "arcs" / "what-if.yaml").read_bytes()
    at.selectbox(key="import.slices.csv").set_value("plain")  # another universe under the same id
    submit(at, title="Game of Thrones", replace=True)
    assert "Replacing **game-of-thrones** needs a confirmation" in errors(at)
    submit(at, title="Game of Thrones", replace=True, confirm="game of thrones")
    assert "needs a confirmation" in errors(at)
    assert {p.name: p.read_bytes() for p in target.glob("*.yaml")} == before  # refused: nothing replaced
    submit(at, title="Game of Thrones", replace=True, confirm="game-of-thrones")
    assert not at.error and at.success
    assert any("its 1 arc and its history are kept" in c.value for c in at.caption)
    assert {p.name: p.read_bytes() for p in target.glob("*.yaml")} != before
    assert (target / "arcs" / "what-if.yaml").read_bytes() == arc
    at = at.button(key="import.undo").click().run()
    assert not at.exception and not at.error
    assert not at.checkbox(key="import.replace.1").value and at.text_input(key="import.confirm.1").value == ""
    assert plain(at.success[0].value) == "Undid the import: game-of-thrones's files are back as they were."
    assert {p.name: p.read_bytes() for p in target.glob("*.yaml")} == before
    assert load_universe(target).entities["arya"].name == "Arya Stark"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("bad-weight.csv", "bad-weight.csv, line 3: weight 'lots' is not a number"),
        ("missing-target.csv", "missing-target.csv, line 1: no target column among Source, Weight; choose the target column above"),
        ("not-utf8.csv", "not-utf8.csv, line 3: not UTF-8 text"),
    ],
)
def test_a_bad_file_names_the_file_and_line_and_writes_nothing(root, name, expected):
    at = upload(opened(), "import.edges", DATA / "bad" / name)
    submit(at, title="Broken")
    assert expected in errors(at)
    assert "Traceback" not in errors(at) and "/tmp" not in errors(at)
    assert not root.exists() or list(root.iterdir()) == []


def test_node_link_json(root):
    at = opened()
    at.segmented_control(key="import.format").set_value("json").run()
    upload(at, "import.json", DATA / "named-links.json")
    submit(at, title="Two friends", id="two-friends")
    assert not at.error, errors(at)
    assert {"alice", "bob"} <= set(load_universe(root / "two-friends").entities)


def test_stanford_graphbase(root):
    at = opened()
    at.segmented_control(key="import.format").set_value("sgb").run()
    upload(at, "import.sgb", DATA / "miserables.dat")
    submit(at, title="Les Misérables", id="les-miserables")
    assert not at.error, errors(at)
    universe = load_universe(root / "les-miserables")
    assert "1.1.1" in {p.id for p in universe.timeline.points}  # volume 1, book 1, chapter 1
    assert {"valjean", "cosette", "fantine"} <= set(universe.entities)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"licence": ""}, "Name the data's licence"),
        ({"id": "Not A Slug!"}, "lower-case letters, digits and hyphens"),
    ],
)
def test_missing_or_bad_fields_are_refused(root, fields, message):
    at = upload(opened(), "import.edges", THRONES / "got-s1-edges.csv")
    submit(at, **fields)
    assert message in errors(at)
    assert list_universes(root) == []


def test_importing_nothing_says_so(root):
    at = submit(opened())
    assert "Upload at least one edge list" in errors(at)


def test_hostile_names_stay_text(root, tmp_path):
    hostile = "<img src=x onerror=alert(1)>"
    edges = tmp_path / "edges.csv"
    edges.write_text(f'Source,Target\n"{hostile}",B\n', encoding="utf-8")
    at = upload(opened(), "import.edges", edges, named={"edges.csv": "<script>x</script>.csv"})
    submit(at, title=hostile, id="hostile-import")
    assert not at.error, errors(at)
    assert plain(at.success[0].value).startswith(f"Imported **{hostile}**")  # markdown-escaped, shown as text
    assert load_universe(root / "hostile-import").title == hostile


def test_read_only_deployments_have_no_write_controls(root, monkeypatch):
    monkeypatch.setenv("UNIVERSE_READ_ONLY", "1")
    at = opened()
    assert "read-only" in at.info[0].value
    assert not at.get("file_uploader") and not at.get("form_submit_button")


def test_an_invalid_universe_does_not_block_the_page(root):
    universe, facts = tiny_documents()
    facts["facts.yaml"]["statements"].append({"subject": "alice", "relation": "friend", "object": "nobody"})
    write_documents(root / "tiny", universe, facts)
    at = opened()
    assert not at.error and at.get("file_uploader")


def test_a_full_export_uploaded_comes_back_whole(root, tmp_path):
    """The Import page reads a full JSON export back as the universe it was, not as a plain graph:
    claims, status changes and descriptions included."""
    from universe.exchange.export import export

    folder = write_documents(tmp_path / "tiny", *tiny_documents())
    original = load_universe(folder)
    exported = tmp_path / "tiny-full.json"
    export(original.as_of(None), "json", str(exported))
    at = opened()
    at.segmented_control(key="import.format").set_value("json").run()
    upload(at, "import.json", exported)
    submit(at, title="Tiny", id="tiny-copy")
    assert not at.error, errors(at)
    copy = load_universe(root / "tiny-copy")
    assert set(copy.entities) == set(original.entities)
    assert len(copy.statements) == len(original.statements)
    assert [c.status for c in copy.entities["alice"].status] == [c.status for c in original.entities["alice"].status]


def test_the_page_asks_which_node_types_are_the_characters(root, tmp_path):
    """A two-kind network (characters and the works they appear in): the page's principal types
    and co-appearance option reach the new universe."""
    import json

    network = {"nodes": [{"id": "ann", "type": "hero"}, {"id": "bob", "type": "hero"}, {"id": "issue-1", "type": "comic"}],
               "links": [{"source": "ann", "target": "issue-1"}, {"source": "bob", "target": "issue-1"}]}
    path = tmp_path / "heroes.json"
    path.write_text(json.dumps(network), encoding="utf-8")
    at = opened()
    at.segmented_control(key="import.format").set_value("json").run()
    upload(at, "import.json", path)
    submit(at, title="Heroes", id="heroes", type_key="type", principal="hero", co_appearance=True)
    assert not at.error, errors(at)
    universe = load_universe(root / "heroes")
    assert universe.principal == ("hero",) or list(universe.principal) == ["hero"]
    pairs = {frozenset((s.subject, s.object)) for s in universe.statements if s.object in universe.entities}
    assert frozenset(("ann", "bob")) in pairs  # linked through the comic they share
