"""The spoiler sweep: every page of the explorer, sidebar included, at every horizon of the bundled
universe with its shipped arc chosen, checked against the facts hidden at that horizon.

What is hidden is computed here from the files themselves (plain YAML and the reveal rules of
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
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
import yaml
from apptest import PAGES, Explorer, plain

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "data" / "all-of-us-are-dead"
ARC = "cheong-san-returns"
EVERYTHING = "everything"
NEVER = (10**9, 10**9)  # no reveal point: seen from the start is (0, 0)
POINT_KEYS = {"at", "from", "until", "revealed", "spoils", "point"}


def words(text: str) -> str:
    return " ".join(str(text).split())


def later(a, b):
    """The later of two (start, end) spans, as the snapshot compares reveal points: by end."""
    if a is None:
        return b
    if b is None:
        return a
    return a if (a[1], a[0]) >= (b[1], b[0]) else b


@dataclass
class Fact:
    what: str   # "name", "passage", ...
    text: str
    revealed: tuple  # (start, end) leaf indexes: hidden at a horizon ending before `end`


@dataclass
class Files:
    """The bundled universe and its arc as their files say, read with plain PyYAML."""

    folder: Path
    arc_id: str
    points: dict = field(default_factory=dict)   # id -> (start, end)
    titles: dict = field(default_factory=dict)   # id -> "Season 1 · Episode 3"
    lookup: dict = field(default_factory=dict)   # folded label -> id

    def __post_init__(self):
        self.universe = yaml.safe_load((self.folder / "universe.yaml").read_text())
        leaf = 0

        def walk(nodes, parent_title):
            nonlocal leaf
            first = leaf
            for node in nodes:
                title = str(node.get("title") or node["id"])
                path = f"{parent_title} · {title}" if parent_title else title
                if node.get("points"):
                    span = walk(node["points"], path)
                else:
                    span = (leaf, leaf)
                    leaf += 1
                self.points[node["id"]] = span
                self.titles[node["id"]] = path
                for label in (node["id"], title, path, *(node.get("aliases") or ())):
                    self.lookup.setdefault(self.fold(label), node["id"])
            return first, leaf - 1

        walk(self.universe["story_time"]["points"], "")
        self.entities, self.statements = [], []
        for path in sorted(self.folder.glob("*.yaml")):
            if path.name == "universe.yaml":
                continue
            data = yaml.safe_load(path.read_text()) or {}
            self.entities += data.get("entities") or []
            self.statements += data.get("statements") or []
        self.arc = yaml.safe_load((self.folder / "arcs" / f"{self.arc_id}.yaml").read_text())

    @staticmethod
    def fold(label: str) -> str:
        return re.sub(r"\d+", lambda m: str(int(m.group())), re.sub(r"[\s,/:;·]+", "", str(label).casefold()))

    def span(self, ref):
        found = self.lookup.get(self.fold(ref)) if ref is not None else None
        return self.points.get(found) if found else None

    def opening(self, ref):
        span = self.span(ref)
        return (span[0], span[0]) if span else None

    # -- the reveal rules of docs/data-format.md, "Defaults" ---------------------------------

    @cached_property
    def entity_reveal(self) -> dict:
        mentions: dict = {}
        for s in self.statements:
            point = self.span(s.get("revealed")) or self.opening(s.get("from"))
            if point is not None:
                for end in (s.get("subject"), s.get("object")):
                    if end:
                        mentions.setdefault(end, []).append(point)
        out = {}
        for e in self.entities:
            if e.get("revealed"):
                out[e["id"]] = self.span(e["revealed"])
            elif e.get("status"):
                changes = [self.span(c.get("revealed")) or self.span(c.get("at")) for c in e["status"]]
                out[e["id"]] = min(changes, key=lambda p: (p[1], p[0]))
            elif e["id"] in mentions:
                out[e["id"]] = min(mentions[e["id"]], key=lambda p: (p[1], p[0]))
            else:
                out[e["id"]] = None  # from the start
        return out

    def statement_reveal(self, s):
        own = self.span(s.get("revealed")) or self.opening(s.get("from"))
        ends = later(self.entity_reveal.get(s.get("subject")), self.entity_reveal.get(s.get("object")))
        return later(later(own, ends), self.span(s.get("spoils")))

    @cached_property
    def arc_reveal(self):
        """The arc's reveal point: its header's, else the latest point its changes name."""
        given = self.span((self.arc.get("arc") or {}).get("revealed"))
        if given is not None:
            return given
        latest = None

        def visit(value, key=None):
            nonlocal latest
            if isinstance(value, dict):
                for k, v in value.items():
                    visit(v, k)
            elif isinstance(value, list):
                for v in value:
                    visit(v, key)
            elif key in POINT_KEYS:
                latest = later(latest, self.span(value))

        for change in self.arc.get("changes") or []:
            visit({k: v for k, v in change.items() if k not in ("rationale",)})
        return latest

    # -- what is hidden ----------------------------------------------------------------------

    @cached_property
    def facts(self) -> list[Fact]:
        """Every fact with text a page could show, with the point before which it is hidden."""
        out = []
        for e in self.entities:
            seen = self.entity_reveal[e["id"]]
            out.append(Fact("name", e["name"], seen))
            for alias in e.get("aliases") or ():
                name, own = (alias, None) if isinstance(alias, str) else (alias["name"], self.span(alias.get("revealed")))
                out.append(Fact("alias", name, later(seen, own)))
            description = e.get("description")
            parts = [description] if isinstance(description, str) else description or []
            for part in parts:
                text, own = (part, None) if isinstance(part, str) else (part["text"], self.span(part.get("revealed")))
                out.append(Fact("passage", text, later(seen, own)))
            if e.get("note"):
                out.append(Fact("note", e["note"], seen))
            for change in e.get("status") or ():
                own = self.span(change.get("revealed")) or self.span(change.get("at"))
                if change.get("note"):
                    out.append(Fact("status note", change["note"], later(seen, own)))
        for s in self.statements:
            seen = self.statement_reveal(s)
            if s.get("note"):
                out.append(Fact("relation note", s["note"], seen))
            if s.get("value") is not None and len(str(s["value"])) >= 12:
                out.append(Fact("claim", str(s["value"]), seen))
        header = self.arc.get("arc") or {}
        for key in ("title", "description"):
            if header.get(key):
                out.append(Fact(f"arc {key}", header[key], self.arc_reveal or (0, 0)))
        for change in self.arc.get("changes") or []:
            out.append(Fact("arc rationale", change["rationale"], self.arc_reveal or (0, 0)))
            entity = change.get("entity")
            if entity:
                own = later(self.arc_reveal, self.span(entity.get("revealed")))
                out.append(Fact("arc entity name", entity["name"], own))
                if isinstance(entity.get("description"), str):
                    out.append(Fact("arc passage", entity["description"], own))
            for body in (change.get("status"), change.get("statement")):
                if body and body.get("note"):
                    out.append(Fact("arc note", body["note"], self.arc_reveal))
        return [f for f in out if f.revealed is not None]

    @cached_property
    def public(self) -> set[str]:
        """Names every viewer sees anyway: the story points' titles and paths (the horizon picker)."""
        titles = set(self.titles.values())
        for path in self.titles.values():
            titles.update(path.split(" · "))
        return titles

    def hidden(self, horizon: str) -> list[Fact]:
        if horizon == EVERYTHING:
            return []
        end = self.points[horizon][1]
        return [f for f in self.facts if f.revealed[1] > end]

    @cached_property
    def vocabulary(self) -> list[str]:
        """The labels of the universe's kinds, statuses and relations: shown at every horizon
        (the graph's filters and legend), so a name they contain is no leak here."""
        u = self.universe
        return [str(v) for group in ("kinds", "statuses", "relations") for item in (u.get(group) or {}).values()
                for k, v in item.items() if k in ("label", "plural", "inverse") and v]

    def visible_texts(self, horizon: str) -> list[str]:
        end = NEVER[1] if horizon == EVERYTHING else self.points[horizon][1]
        return self.vocabulary + [f.text for f in self.facts if f.revealed[1] <= end] + [
            e["name"] for e in self.entities if self.entity_reveal[e["id"]] is None
        ] + [a if isinstance(a, str) else a["name"] for e in self.entities if self.entity_reveal[e["id"]] is None
             for a in e.get("aliases") or () if isinstance(a, str) or not a.get("revealed")]

    def status_at(self, horizon: str) -> dict[str, str]:
        """Each character's status label at the horizon (canon, plus the arc once it is revealed)."""
        end = NEVER[1] if horizon == EVERYTHING else self.points[horizon][1]
        labels = {k: v["label"] for k, v in self.universe["statuses"].items()}
        timelines = {e["id"]: [(c, self.span(c.get("revealed")) or self.span(c["at"])) for c in e.get("status") or ()]
                     for e in self.entities}
        if self.arc_reveal is None or self.arc_reveal[1] <= end:
            for change in self.arc.get("changes") or []:
                body = change.get("status")
                if body:
                    timelines.setdefault(body["entity"], []).append((body, self.span(body.get("revealed")) or self.span(body["at"])))
        out = {}
        for e in self.entities:
            if self.entity_reveal[e["id"]] is not None and self.entity_reveal[e["id"]][1] > end:
                continue
            steps = [c for c, seen in timelines[e["id"]] if seen[1] <= end]
            steps.sort(key=lambda c: self.span(c["at"])[0])  # stable: file order within a point
            steps = [c for c in steps if self.span(c["at"])[0] <= end]
            if steps:
                out[e["name"]] = labels[steps[-1]["status"]]
        return out


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
