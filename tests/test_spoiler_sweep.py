"""The spoiler sweep: every page of the explorer, sidebar included, at every horizon of the bundled
universe with its shipped arc chosen, checked against the facts hidden at that horizon.

What is hidden is computed from the files themselves (tests/hidden.py) (plain YAML and the reveal rules of
docs/data-format.md, "Defaults"), never from the snapshot code under test, and conservatively:
a fact counts as hidden only when the rules say so without doubt. A page leaks when it shows the
name or an alias of a hidden entity, an alias revealed later, a description passage, note or
status note revealed later, a real-world claim revealed later, the status a character has only
later (the Survivors table), or any text of the arc before the arc is revealed.

Run with ``-s`` to see, horizon by horizon, how many pages were checked against how many facts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from apptest import PAGES, Explorer, plain
from hidden import EVERYTHING, Fact, Files, words

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "data" / "all-of-us-are-dead"
ARC = "cheong-san-returns"


FILES = Files(FOLDER, ARC)
HORIZONS = [*FILES.points, EVERYTHING]


# -- what a page shows ------------------------------------------------------------------------


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def shown(at) -> str:
    """Everything the page and its sidebar show or send: texts, labels, options, help, tables,
    chart data and the graph's data, with Markdown's escapes removed."""
    parts = []
    for element in Explorer.elements(at):
        name = type(element).__name__
        proto = getattr(element, "proto", None)
        if name == "Dataframe":
            frame = element.value
            parts += [str(c) for c in frame.columns] + [str(v) for v in frame.astype(str).to_numpy().ravel()]
            continue
        if name == "UnknownElement" and proto is not None:
            for field_name in ("json", "spec", "datasets", "html_content", "data"):
                raw = getattr(proto, field_name, None)
                if isinstance(raw, str) and raw:
                    try:
                        parts += list(strings(json.loads(raw)))
                    except ValueError:
                        parts.append(raw)
                elif raw:
                    parts.append(str(raw))
            continue
        for attribute in ("value", "label", "placeholder", "help", "body"):
            try:
                found = getattr(element, attribute, None)
            except (AttributeError, KeyError, ValueError, TypeError, IndexError):
                continue
            if isinstance(found, str):
                parts.append(found)
        try:
            options = getattr(element, "options", None)
        except (AttributeError, KeyError, ValueError, TypeError):
            options = None
        if options:
            parts += [str(o) for o in options]
        if proto is not None and name in ("PageLink", "ArrowVegaLiteChart", "VegaLiteChart", "PlotlyChart"):
            parts.append(str(proto))
    return words(plain("\n".join(parts)))


def leaks(text: str, hidden: list[Fact], visible: list[str]) -> list[str]:
    found = []
    visible_names = " \n ".join(words(v) for v in visible)
    for fact in hidden:
        if fact.what in ("name", "alias", "arc entity name"):
            name = words(fact.text)
            if len(name) < 3 or name in FILES.public:
                continue
            pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)")
            if pattern.search(visible_names):
                continue  # part of a name the viewer may read (a longer name, a visible alias)
            if pattern.search(text):
                found.append(f"{fact.what} {name!r}")
        else:
            sample = words(plain(fact.text))[:80]
            if len(sample) >= 12 and sample in text and sample not in visible_names:  # not also a visible fact's text
                found.append(f"{fact.what} {sample!r}")
    return found


def survivors_leaks(at, horizon: str) -> list[str]:
    expected = FILES.status_at(horizon)
    found = []
    for frame in (d.value for d in at.dataframe):
        if {"name", "status_label"} <= set(frame.columns):
            for name, label in zip(frame["name"], frame["status_label"]):
                if name in expected and label != expected[name]:
                    found.append(f"status of {name!r}: {label!r}, expected {expected[name]!r}")
    return found


def wiki_entities(horizon: str) -> list[str]:
    """The entities whose pages hold something hidden at the horizon: a later passage, alias or
    status change, or a statement about them revealed later."""
    if horizon == EVERYTHING:
        return [e["id"] for e in FILES.entities if e.get("status")]
    end = FILES.points[horizon][1]

    def hidden(point):
        return point is not None and point[1] > end

    out = set()
    for e in FILES.entities:
        seen = FILES.entity_reveal[e["id"]]
        if hidden(seen):
            continue
        parts = e.get("description") if isinstance(e.get("description"), list) else []
        aliases = [a for a in e.get("aliases") or () if isinstance(a, dict)]
        status = e.get("status") or ()
        if (any(hidden(FILES.span(p.get("revealed"))) for p in parts if isinstance(p, dict))
                or any(hidden(FILES.span(a.get("revealed"))) for a in aliases)
                or any(hidden(FILES.span(c.get("revealed")) or FILES.span(c.get("at"))) for c in status)):
            out.add(e["id"])
    for s in FILES.statements:
        if hidden(FILES.statement_reveal(s)):
            for end_id in (s.get("subject"), s.get("object")):
                if end_id and not hidden(FILES.entity_reveal.get(end_id)):
                    out.add(end_id)
    return sorted(out)


# -- the sweep --------------------------------------------------------------------------------


def test_the_files_hide_something_at_every_horizon_before_the_end():
    """The sweep is only worth something if there is something to leak."""
    for horizon in HORIZONS[:-1]:
        if FILES.points[horizon][1] < FILES.points[HORIZONS[-2]][1]:
            assert FILES.hidden(horizon), horizon
    assert {f.what for f in FILES.hidden("S1E1")} >= {"name", "passage", "arc title", "arc description"}
    assert FILES.arc_reveal == FILES.points["S2"]


@pytest.mark.parametrize("horizon", HORIZONS)
def test_no_page_shows_a_fact_hidden_at_the_horizon(data_root, horizon):
    data_root(FOLDER.parent)
    explorer = Explorer()
    hidden, visible = FILES.hidden(horizon), FILES.visible_texts(horizon)
    found, checked = [], []
    at = explorer.open("overview", as_of=horizon, arc=ARC)  # one visitor, going from page to page
    for page in PAGES:
        if page != "overview":
            at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert at.query_params["as_of"] == horizon
        arc_shown = horizon == EVERYTHING or FILES.arc_reveal[1] <= FILES.points[horizon][1]
        assert at.session_state["state.arc"] == (ARC if arc_shown else ""), page  # swept with the arc once it is revealed
        checked.append(page)
        found += [f"{page}: {leak}" for leak in leaks(shown(at), hidden, visible)]
        if page == "survivors":
            found += [f"{page}: {leak}" for leak in survivors_leaks(at, horizon)]
    at.switch_page("app_pages/wiki.py").run()
    for entity in wiki_entities(horizon):
        at.query_params["entity"] = entity
        at.run()
        assert not at.exception, (entity, [e.message for e in at.exception])
        checked.append(f"wiki/{entity}")
        found += [f"wiki/{entity}: {leak}" for leak in leaks(shown(at), hidden, visible)]
    print(f"\nspoiler sweep at {horizon}: {len(checked)} pages ({len(PAGES)} pages and "
          f"{len(checked) - len(PAGES)} wiki entity pages) against {len(hidden)} hidden facts: {len(found)} leaks")
    assert found == [], "\n".join(found)
