"""A warm command does only what it shows: the snapshot of the whole story is the universe itself
when nothing is hidden, names are folded all at once, one page finds its entity's statements
without indexing every entity, and a command in a process of its own keeps the collector off
the loaded universe. Each is compared with its plain definition (the code as it was)."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from dataclasses import replace

import pytest
from click.testing import CliRunner

from universe.cli.main import cli
from universe.exchange.generate import generated_documents, tiny_universe, two_kind_documents, universe_from_documents, write_documents
from universe.story import snapshot as snapshot_module
from universe.story.evidence import EVIDENCE_LEVELS
from universe.story.names import NameIndex, _normalise_all, normalise_name
from universe.story.snapshot import Span


def _plain_normalise(text) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", stripped)


def _plain_as_of(universe, point, min_evidence):
    """`as_of` as it was: every entity and statement trimmed one by one."""
    snapshot = universe.as_of(point, min_evidence)  # for the horizon and level as parsed
    horizon, level = snapshot.horizon, snapshot.min_evidence
    admitted = {e for e in type(level) if level.admits(e)}
    limit = horizon.end if horizon is not None else None

    def seen(revealed):
        return revealed is None or limit is None or revealed.end <= limit

    shown = {e.id for e in universe.entities.values() if e.evidence in admitted and seen(e.revealed)}

    def cited(refs):
        return refs if all(r.source in shown for r in refs) else tuple(r for r in refs if r.source in shown)

    entities = {}
    for entity in universe.entities.values():
        if entity.id not in shown:
            continue
        aliases = tuple(a for a in entity.aliases if seen(a.revealed))
        passages = tuple(p for p in entity.description if p.evidence in admitted and seen(p.revealed))
        status = tuple(c if cited(c.sources) == c.sources else replace(c, sources=cited(c.sources))
                       for c in entity.status if c.evidence in admitted and seen(c.revealed))
        entities[entity.id] = replace(entity, aliases=aliases, description=passages, status=status,
                                      sources=cited(entity.sources))
    statements = []
    for s in universe.statements:
        if s.evidence in admitted and seen(s.revealed) and s.subject in shown and (s.object is None or s.object in shown):
            ends_later = limit is not None and s.span.until is not None and s.span.until.end > limit
            statements.append(replace(s, sources=cited(s.sources), span=Span(s.span.start, None) if ends_later else s.span))
    return entities, tuple(statements)


def _universes():
    tiny = tiny_universe()
    return {
        "tiny": tiny,
        "tiny without its source": replace(tiny, entities={k: e for k, e in tiny.entities.items() if k != "notes"}),
        "tiny without bob": replace(tiny, entities={k: e for k, e in tiny.entities.items() if k != "bob"}),
        "generated": universe_from_documents(*generated_documents(300, statements=1500, status_changes=300), name="g"),
        "two kinds": universe_from_documents(*two_kind_documents(60, 120, appearances=600), name="c"),
    }


@pytest.mark.parametrize("name", list(_universes()))
def test_every_snapshot_equals_the_plain_trimming(name):
    universe = _universes()[name]
    for point in [None, *(leaf.id for leaf in universe.timeline.leaves[::7])]:
        for level in EVIDENCE_LEVELS:
            snapshot = universe.as_of(point, level)
            entities, statements = _plain_as_of(universe, point, level)
            assert list(snapshot.entities) == list(entities) and snapshot.entities == entities
            assert snapshot.statements == statements
            for entity in snapshot.entities.values():  # untouched records are the universe's own
                if entity == universe.entities[entity.id]:
                    assert entity is universe.entities[entity.id]


def test_the_whole_story_is_the_universe_itself_unless_something_cites_what_is_not_there():
    universes = _universes()
    whole = universes["generated"].as_of(None, "fan-theory")
    assert whole.statements is universes["generated"].statements
    assert all(e is universes["generated"].entities[e.id] for e in whole.entities.values())
    cut = universes["tiny without its source"].as_of(None, "fan-theory")
    assert all(ref.source != "notes" for s in cut.statements for ref in s.sources)
    assert any(ref.source == "notes" for s in universes["tiny"].statements for ref in s.sources)
    assert all("bob" not in (s.subject, s.object) for s in universes["tiny without bob"].as_of().statements)


def test_names_are_folded_as_the_plain_rules_fold_them():
    ascii_text = "".join(map(chr, range(128)))
    samples = [ascii_text, "", "Lee Su-hyeok", "Mme. Thénardier", "SILVER KNIGHT/BETOR", "a_b-c d", "Ⅻ ＡＢＣ", "ﬁne", 42]
    for text in samples:
        assert normalise_name(text) == _plain_normalise(text), text
    assert _normalise_all(samples) == [_plain_normalise(t) for t in samples]
    ascii_only = [s for s in samples if isinstance(s, str) and s.isascii()]
    assert _normalise_all(ascii_only) == [_plain_normalise(t) for t in ascii_only]
    assert _normalise_all([]) == [] and _normalise_all([""]) == [""]


def _plain_index(entities):
    """The name index as it was: (exact names, searched names, their owners)."""
    exact, choices, owners = {}, [], []
    for entity in entities:
        for name in dict.fromkeys([entity.id, *entity.names]):
            key = _plain_normalise(name)
            if not key:
                continue
            if entity.id not in exact.setdefault(key, []):
                exact[key].append(entity.id)
            if name != entity.id:
                choices.append(key)
                owners.append((entity.id, name))
    return exact, choices, owners


@pytest.mark.parametrize("name", ["tiny", "generated", "two kinds"])
def test_the_name_index_finds_what_the_plain_index_finds(name):
    universe = _universes()[name]
    for point in (None, universe.timeline.leaves[0].id):
        entities = list(universe.as_of(point).entities.values())
        index = NameIndex(entities)
        exact, choices, owners = _plain_index(entities)
        assert index._searched == (choices, owners)
        for key, ids in exact.items():
            assert [e.id for e in index.lookup(key)] == ids
        typed = [n for e in entities for n in (e.id, *e.names)][:200] + ["", "--", "nobody at all"]
        for text in typed:
            assert [e.id for e in index.lookup(text.upper())] == exact.get(_plain_normalise(text), [])


def test_one_page_finds_its_statements_without_indexing_every_entity():
    universe = _universes()["generated"]
    snapshot = universe.as_of("S3E5")
    full = universe.as_of("S3E5")._by_entity  # the index of every entity, for comparison
    ids = list(snapshot.entities)
    for count, entity_id in enumerate(ids[: snapshot_module._ONE_BY_ONE], 1):
        assert snapshot.statements_about(entity_id) == full.get(entity_id, [])
        assert snapshot.relations_of(entity_id, holding=True) == [
            s for s in full.get(entity_id, []) if s.object is not None and s.span.holds_at(snapshot.horizon)]
        assert snapshot.claims(entity_id) == [s for s in full.get(entity_id, []) if s.object is None]
        assert "_by_entity" not in snapshot.__dict__, count  # one pass each so far
    for entity_id in ids:  # more entities than a page shows: the index is built once
        assert snapshot.statements_about(entity_id) == full.get(entity_id, [])
    assert "_by_entity" in snapshot.__dict__


def test_show_of_an_exact_name_builds_no_index_and_no_fuzzy_matcher(tmp_path):
    write_documents(tmp_path / "u", *generated_documents(300, statements=1500, status_changes=300))
    probe = f"""
import sys
from click.testing import CliRunner
from universe.cli.main import cli
from universe.story.snapshot import Snapshot
built = []
original = Snapshot._by_entity.func
Snapshot._by_entity.func = lambda self: built.append(1) or original(self)
result = CliRunner().invoke(cli, ["show", "Char 3", {str(tmp_path / 'u')!r}])
assert result.exit_code == 0 and result.output.startswith("Char 3"), result.output
print(len(built), "rapidfuzz" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["0", "False"]


def test_a_command_in_its_own_process_keeps_the_collector_off_the_universe_and_prints_the_same(tmp_path):
    folder = write_documents(tmp_path / "u", *generated_documents(300, statements=1500, status_changes=300))
    for args in (["stats", str(folder)], ["show", "Char 3", str(folder)], ["stats", "--as-of", "S2E3", str(folder)]):
        in_process = CliRunner().invoke(cli, args)
        assert in_process.exit_code == 0, in_process.output
        probe = ("import atexit, gc, sys\n"
                 "atexit.register(lambda: print(gc.get_freeze_count(), file=sys.stderr))\n"
                 f"sys.argv = ['universe', *{args!r}]\n"
                 "from universe.cli.main import main\nmain()\n")
        process = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
        assert process.stdout == in_process.stdout
        assert int(process.stderr.strip().splitlines()[-1]) > 10_000  # the universe's objects, frozen
    assert snapshot_module.Snapshot.__dataclass_fields__  # the in-process runs froze nothing
    import gc

    assert gc.get_freeze_count() == 0
