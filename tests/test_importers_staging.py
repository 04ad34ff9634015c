"""Putting an imported universe in place: validated first, atomic, never half-written."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from universe.errors import ImportFailed, Problem, UniverseInvalid
from universe.exchange.importers import from_networkx, import_csv, staging
from universe.exchange.importers.builder import ImportOptions
from universe.storage.store import load_universe

DATA = Path(__file__).parent / "data" / "importers"


def documents(universe_id: str = "people"):
    return from_networkx(nx.Graph([("ann", "ben"), ("ben", "cat")]), universe_id=universe_id)


def leftovers(folder: Path) -> list[str]:
    """Hidden staging folders an import might have left next to its target."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_new_folder_is_written_and_loads(tmp_path):
    report = documents().write(tmp_path / "people")
    assert load_universe(tmp_path / "people").entity("ben").name == "ben"
    assert report.path == tmp_path / "people"
    assert leftovers(tmp_path) == []


def test_an_existing_folder_is_refused_without_force(tmp_path):
    target = tmp_path / "people"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ImportFailed, match="already exists; use --force"):
        documents().write(target)
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert leftovers(tmp_path) == []


def test_an_empty_folder_is_filled(tmp_path):
    (tmp_path / "people").mkdir()
    documents().write(tmp_path / "people")
    assert (tmp_path / "people" / "universe.yaml").is_file()


def test_force_replaces_the_whole_folder(tmp_path):
    target = tmp_path / "people"
    documents().write(target)
    (target / "stale.yaml").write_text("entities: []\n", encoding="utf-8")
    from_networkx(nx.Graph([("dee", "eve")]), universe_id="people").write(target, force=True)
    assert not (target / "stale.yaml").exists()
    assert set(load_universe(target).entities) == {"dee", "eve", "dataset"}
    assert leftovers(tmp_path) == []


def failing_load(*args):
    raise UniverseInvalid([Problem("relations.yaml", 3, "simulated failure")])


@pytest.mark.parametrize("force", [False, True])
def test_a_universe_that_does_not_load_leaves_nothing_behind(tmp_path, monkeypatch, force):
    target = tmp_path / "people"
    if force:
        documents().write(target)
        before = {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()}
    monkeypatch.setattr(staging, "check_documents", failing_load)
    with pytest.raises(UniverseInvalid, match="simulated failure"):
        from_networkx(nx.Graph([("dee", "eve")]), universe_id="people").write(target, force=force)
    assert leftovers(tmp_path) == []
    if force:
        assert {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()} == before  # the old universe, untouched
    else:
        assert not target.exists()


def test_a_write_that_fails_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    written = []

    def flaky(path, text):
        if written:
            raise OSError(28, "No space left on device")
        written.append(path)
        Path(path).write_text(text, encoding="utf-8")

    monkeypatch.setattr(staging, "write_text_atomic", flaky)
    with pytest.raises(ImportFailed, match="cannot write: No space left on device"):
        documents().write(tmp_path / "people")
    assert written and not (tmp_path / "people").exists()
    assert leftovers(tmp_path) == []


def test_a_bad_file_stops_the_import_before_anything_is_written(tmp_path):
    with pytest.raises(ImportFailed, match=r"bad-weight\.csv:3"):
        import_csv(DATA / "bad" / "bad-weight.csv", tmp_path / "bad")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["Game of Thrones", "GOT", "got_data"])
def test_the_folder_name_must_be_a_universe_id(tmp_path, name):
    with pytest.raises(ImportFailed, match="is not a universe id"):
        import_csv(DATA / "edges-only.csv", tmp_path / name)


def test_progress_is_reported_from_zero_to_one(tmp_path):
    calls = []
    import_csv(
        str(DATA / "thrones" / "got-s{slice}-edges.csv"), tmp_path / "thrones",
        nodes=str(DATA / "thrones" / "got-s{slice}-nodes.csv"),
        options=ImportOptions(slices="season"), progress=lambda fraction, message: calls.append((fraction, message)),
    )
    fractions = [fraction for fraction, _ in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    messages = [message for _, message in calls]
    assert "reading got-s1-nodes.csv" in messages and "checking the universe loads" in messages
    assert messages[-1] == "done"


def test_relations_are_written_one_a_line(tmp_path):
    documents().write(tmp_path / "people")
    lines = (tmp_path / "people" / "relations.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Imported from a graph")
    assert "- {subject: ann, relation: interacts, object: ben, weight: 1, sources: [dataset]}" in lines


# -- one statement a line ------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st

from universe.exchange.importers.staging import flow_yaml  # noqa: E402
from universe.storage.yamlfile import parse_yaml  # noqa: E402

scalars = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["yes", "No", "null", "~", "1.10", "1e5", "S1E1", "1.1.1", "-x", "a: b", "#c", "[x]", "&a", "*a", "'q'", '"q"']),
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
documents_like = st.dictionaries(st.text(min_size=1, max_size=8), st.one_of(scalars, st.lists(scalars, max_size=3)), max_size=6)


@given(documents_like)
def test_flow_lines_read_back_as_the_same_value(value):
    text = "statements:\n- " + flow_yaml(value) + "\n"
    assert parse_yaml(text.encode("utf-8"), "flow.yaml") == {"statements": [value]}
