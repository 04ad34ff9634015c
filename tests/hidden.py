"""What is hidden at each horizon, computed from a universe's files themselves: plain YAML and the
reveal rules of docs/data-format.md ("Defaults"), never the snapshot code the spoiler sweep tests.

Conservative: a fact counts as hidden only when the rules say so without doubt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

__all__ = ["EVERYTHING", "Fact", "Files", "later", "words"]

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
