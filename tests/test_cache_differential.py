"""The derived cache gives exactly what the files give: after each of many edits of every kind,
a load through the cache (kept builds of the unchanged files, the edited file built again) and a
warm load after it equal a load with the cache off: the universe as encoded, and every problem
with its file, line, message and severity, in order."""

from __future__ import annotations

from pathlib import Path

import pytest
from cached import same

from universe.exchange.generate import generated_documents, tiny_documents, write_documents
from universe.storage.derivedcache import BuildMemory, load_folder
from universe.storage.universecodec import encode_universe
from universe.storage.yamlfile import dump_yaml, read_yaml


def _edit(path: Path, change) -> None:
    data = read_yaml(path)[0] or {}
    change(data)
    path.write_text(dump_yaml(data), encoding="utf-8")


def _entities(path: Path) -> list[dict]:
    return read_yaml(path)[0].setdefault("entities", [])


def _loads_agree(folder: Path, monkeypatch, step: str, memory: BuildMemory | None = None) -> tuple:
    cached = load_folder(folder, memory)
    warm = load_folder(folder, memory)
    monkeypatch.setenv("UNIVERSE_CACHE", "off")
    try:
        plain = load_folder(folder)
    finally:
        monkeypatch.delenv("UNIVERSE_CACHE")
    assert warm.from_cache, step
    for outcome in (cached, warm):
        assert outcome.problems == plain.problems, step
        assert (outcome.universe is None) == (plain.universe is None), step
        if plain.universe is not None:
            assert encode_universe(outcome.universe) == encode_universe(plain.universe), step
            same(outcome.universe, plain.universe)
    return cached, warm


def _rename(mapping: dict, old: str, new: str) -> None:
    items = [(new if key == old else key, value) for key, value in mapping.items()]
    mapping.clear()
    mapping.update(items)


def _edits(folder: Path) -> list[tuple[str, object]]:
    """(what, how) for edits of every kind, in an order where each builds on the last."""
    universe = folder / "universe.yaml"
    facts = sorted(p for p in folder.glob("*.yaml") if p.name != "universe.yaml")
    first, last = facts[0], facts[-1]
    people = [e for e in _entities(first) if e.get("kind") == "character"]
    one, other = people[0]["id"], people[1]["id"]
    point = read_yaml(universe)[0]["story_time"]["points"][0]["id"]
    source = next(e["id"] for e in _entities(first) if e.get("kind") == "source")

    def on(path: Path, change):
        return lambda: _edit(path, change)

    def entity(path: Path, entity_id: str, change):
        def apply(data):
            change(next(e for e in data["entities"] if e["id"] == entity_id))
        return on(path, apply)

    def write(path: Path, data: dict):
        return lambda: path.write_text(dump_yaml(data), encoding="utf-8")

    return [
        ("change a name", entity(first, one, lambda e: e.__setitem__("name", "Renamed <img src=x onerror=alert(1)>"))),
        ("change a kind", entity(first, one, lambda e: e.__setitem__("kind", "location"))),
        ("an unknown kind", entity(first, one, lambda e: e.__setitem__("kind", "no-such-kind"))),
        ("the kind back", entity(first, one, lambda e: e.__setitem__("kind", "character"))),
        ("a status", entity(first, one, lambda e: e.__setitem__("status", [{"at": point, "status": "dead"}]))),
        ("an unknown status", entity(first, one, lambda e: e.__setitem__("status", [{"at": point, "status": "zombie"}]))),
        ("a story point", entity(first, one, lambda e: e.__setitem__("status", [{"at": point, "status": "alive"}]))),
        ("an unknown story point", entity(first, one, lambda e: e.__setitem__("revealed", "no-such-point"))),
        ("the story point fixed", entity(first, one, lambda e: e.pop("revealed"))),
        ("a new file citing an entity to come", write(folder / "zz-new.yaml", {"statements": [
            {"subject": "newcomer", "relation": "friend", "object": one, "sources": ["newcomer"]},
            {"subject": one, "relation": "friend", "object": other},
            {"subject": one, "relation": "friend", "object": other, "from": point},
            {"id": "explicit-one", "subject": other, "relation": "friend", "object": one}]})),
        ("the entity it cites added", on(first, lambda d: d["entities"].append({"id": "newcomer", "kind": "source", "name": "Newcomer"}))),
        ("the same statement twice (derived ids ~2)", on(last, lambda d: d.setdefault("statements", []).append(
            {"subject": one, "relation": "friend", "object": other}))),
        ("an explicit id taking a derived one", on(last, lambda d: d["statements"].append(
            {"id": f"{one}/friend/{other}", "subject": other, "relation": "friend", "object": one}))),
        ("a duplicate explicit id across files", on(last, lambda d: d["statements"].append(
            {"id": "explicit-one", "subject": other, "relation": "friend", "object": one}))),
        ("a duplicate entity id across files", on(folder / "zz-new.yaml", lambda d: d.__setitem__("entities", [
            {"id": one, "kind": "location", "name": "A second one", "sources": ["newcomer"]}]))),
        ("a kind a relation refuses", on(folder / "zz-new.yaml", lambda d: d["statements"].append(
            {"subject": "newcomer", "relation": "plays", "object": one}))),
        ("the entity others cite removed", on(first, lambda d: d.__setitem__("entities", [e for e in d["entities"] if e["id"] != "newcomer"]))),
        ("a containment cycle", on(folder / "zz-new.yaml", lambda d: d["statements"].extend([
            {"subject": "cycle-a", "relation": "part-of", "object": "cycle-b"},
            {"subject": "cycle-b", "relation": "part-of", "object": "cycle-a"}]) or d["entities"].extend([
            {"id": "cycle-a", "kind": "location", "name": "A"}, {"id": "cycle-b", "kind": "location", "name": "B"}]))),
        ("a cited source made a character", entity(first, source, lambda e: e.__setitem__("kind", "character"))),
        ("a source again", entity(first, source, lambda e: e.__setitem__("kind", "source"))),
        ("an entity other files cite removed", on(first, lambda d: d.__setitem__("entities", [e for e in d["entities"] if e["id"] != other]))),
        ("it is back, as a location", on(first, lambda d: d["entities"].append({"id": other, "kind": "location", "name": "Back"}))),
        ("and a character again", entity(first, other, lambda e: e.__setitem__("kind", "character"))),
        ("a broken shape", on(first, lambda d: d["entities"][1].__setitem__("colour", "red"))),
        ("a broken entity others cite", on(first, lambda d: d["entities"][1].__setitem__("name", 12))),
        ("the shape fixed", on(first, lambda d: (d["entities"][1].pop("colour"), d["entities"][1].__setitem__("name", "Fixed")))),
        ("a file renamed", lambda: (folder / "zz-new.yaml").rename(folder / "aa-new.yaml")),
        ("a file that is not YAML", lambda: (folder / "aa-new.yaml").write_text("entities: [unclosed\n", encoding="utf-8")),
        ("a file removed", lambda: (folder / "aa-new.yaml").unlink()),
        ("a kind added to universe.yaml", on(universe, lambda d: d["kinds"].__setitem__("vehicle", {"label": "Vehicle", "plural": "Vehicles"}))),
        ("an entity of the new kind", on(last, lambda d: d.setdefault("entities", []).append({"id": "car", "kind": "vehicle", "name": "Car"}))),
        ("the kind removed again", on(universe, lambda d: d["kinds"].pop("vehicle"))),
        ("a story point added", on(universe, lambda d: d["story_time"]["points"].insert(0, {"id": "prologue", "title": "Prologue"}))),
        ("a fact at the new point", entity(first, other, lambda e: e.__setitem__("revealed", "prologue"))),
        ("a status renamed in universe.yaml", on(universe, lambda d: _rename(d["statuses"], "alive", "well"))),
        ("the status back", on(universe, lambda d: _rename(d["statuses"], "well", "alive"))),
        ("no change at all", lambda: None),
    ]


def _hand_written(tmp_path: Path) -> Path:
    universe, facts = tiny_documents()
    facts["people.yaml"] = {"entities": [{"id": "eve", "kind": "person", "name": "Eve Actor", "sources": ["notes"]},
                                         {"id": "fay", "kind": "character", "name": "Fay"},
                                         {"id": "gus", "kind": "character", "name": "Gus", "status": [{"at": "S1E2", "status": "dead"}]}]}
    facts["ties.yaml"] = {"statements": [{"subject": "eve", "relation": "plays", "object": "fay", "sources": ["notes"]},
                                         {"subject": "fay", "relation": "friend", "object": "alice", "from": "S1E3"},
                                         {"subject": "gus", "relation": "friend", "object": "bob", "from": "S2"},
                                         {"subject": "alice", "relation": "friend", "object": "bob"}]}
    return write_documents(tmp_path / "tiny", universe, facts)


@pytest.mark.parametrize("remembering", [False, True], ids=["from disk", "builds in memory"])
@pytest.mark.parametrize("documents", ["hand-written", "generated"])
def test_every_edit_loads_through_the_cache_as_from_the_files(tmp_path, monkeypatch, documents, remembering):
    """With `remembering`, as the app loads: the builds of the last load kept in memory
    (`buildmemory`), taken from there by the next load when its vocabularies are the same."""
    if documents == "generated":
        folder = write_documents(tmp_path / "generated", *generated_documents(120, 600, 120, chunk=150))
    else:
        folder = _hand_written(tmp_path)
    memory = BuildMemory() if remembering else None
    _loads_agree(folder, monkeypatch, "first load", memory)
    assert any((folder / ".cache" / "builds").iterdir())
    recalled = []
    for step, apply in _edits(folder):
        apply()
        cached, warm = _loads_agree(folder, monkeypatch, step, memory)
        recalled.append((step, cached.recalled, warm.recalled))
    if remembering:  # builds came from memory after edits of a fact file, and in the warm loads after them
        counts = {step: (cached, warm) for step, cached, warm in recalled}
        assert counts["change a name"] == (len(_facts(folder)) - 1, len(_facts(folder)))
        assert counts["a kind added to universe.yaml"][0] == 0  # other vocabularies: every build made again
        assert counts["an entity of the new kind"][0] == len(_facts(folder)) - 1
    else:
        assert not any(c or w for _, c, w in recalled)


def _facts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != "universe.yaml")


def test_an_edit_rebuilds_only_the_edited_file(tmp_path, monkeypatch):
    """After an edit of one file, the others come from their kept builds: nothing else parsed,
    shape-checked or built (entities are built, by column or by the loader's `entity`, for the
    edited file alone)."""
    import universe.storage.loader as loader_module
    from universe.storage.loader import Loader

    folder = write_documents(tmp_path / "generated", *generated_documents(120, 600, 120, chunk=40))
    load_folder(folder)
    built: list[str] = []
    entity, by_column = Loader.entity, loader_module.file_build

    def counting(self, item, file, path):
        built.append(file)
        return entity(self, item, file, path)

    def counting_by_column(loader, file, entity_docs, statement_docs):
        made = by_column(loader, file, entity_docs, statement_docs)
        built.extend([file] * len(entity_docs) if made is not None else [])
        return made

    monkeypatch.setattr(Loader, "entity", counting)
    monkeypatch.setattr(loader_module, "file_build", counting_by_column)
    path = sorted(folder.glob("entities-*.yaml"))[0]
    _edit(path, lambda d: d["entities"][0].__setitem__("name", "Edited"))
    outcome = load_folder(folder)
    assert (outcome.parsed, outcome.validated) == (1, 1)
    assert {Path(label).name for label in built} == {path.name}
    assert len(built) == len(_entities(path))
    assert outcome.universe.entities[_entities(path)[0]["id"]].name == "Edited"


def test_a_second_edit_with_builds_in_memory_reuses_the_other_files_records(tmp_path, monkeypatch):
    """With the builds in memory, the load after a second edit of the same file makes no record
    of the other files again (the same records as the load before: same build, same positions,
    same ids), and finds the same lines of their problems; what it gives is what the files give."""
    folder = write_documents(tmp_path / "generated", *generated_documents(120, 600, 120, chunk=40))
    memory = BuildMemory()
    load_folder(folder, memory)
    path = sorted(folder.glob("entities-*.yaml"))[0]
    label = next(e.origin for e in load_folder(folder, memory).universe.entities.values() if Path(e.origin).name == path.name)
    _edit(path, lambda d: d["entities"][0].__setitem__("name", "Edited once"))
    once, _ = _loads_agree(folder, monkeypatch, "first edit", memory)
    _edit(path, lambda d: d["entities"][0].__setitem__("name", "Edited twice"))
    twice, _ = _loads_agree(folder, monkeypatch, "second edit", memory)
    assert twice.recalled == len(_facts(folder)) - 1
    made = {id(s) for s in once.universe.statements if s.origin != label}
    others = [s for s in twice.universe.statements if s.origin != label]
    assert others and sum(id(s) in made for s in others) >= len(others) // 2  # reveal defaults replace some
    assert [p for p in twice.problems if p.file != label] == [p for p in once.problems if p.file != label]
