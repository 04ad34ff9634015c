"""The shape every importer reads a dataset into: characters, weighted links and time slices.

A reader (CSV, node-link JSON, Stanford GraphBase, a networkx graph) fills a `Network` with the
dataset's own ids and labels; `universe.exchange.importers.builder` then turns it into universe documents.
Repeated pairs add up into one weight per pair and slice; self-loops are dropped and counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Node", "Network"]


@dataclass
class Node:
    """One character (or other entity) of a dataset, under the dataset's own id."""

    key: str
    labels: Counter = field(default_factory=Counter)  # the names the dataset gives it, counted
    kind: str | None = None  # the dataset's type for it, if any
    description: str | None = None
    slices: set = field(default_factory=set)  # the time slices it appears in
    origin: str = ""  # "file:line" of its first mention
    linked: bool = False  # True once a link mentions it
    listed: bool = False  # True once a node table lists it

    @property
    def label(self) -> str | None:
        """The most common label (the first seen wins a tie), or None."""
        if not self.labels:
            return None
        best = max(self.labels.values())
        return next(label for label, count in self.labels.items() if count == best)


class Network:
    """Characters and weighted links, optionally per time slice, as a dataset records them.

    >>> network = Network()
    >>> network.link("ned", "robert", 3, slice="1")
    >>> network.link("robert", "ned", 2, slice="1")
    >>> network.links
    {('1', 'ned', 'robert'): 5}
    """

    def __init__(self, *, directed: bool = False, keys_are_names: bool = True):
        self.directed = directed
        self.keys_are_names = keys_are_names  # False for codes such as Knuth's "MY", "VJ"
        self.nodes: dict[str, Node] = {}
        self.links: dict[tuple[str | None, str, str], float] = {}
        self.slices: dict[str, str] = {}  # slice label -> "file:line" where first seen
        self.files: list[str] = []
        self.repeats = 0
        self.self_loops: list[str] = []  # where each dropped self-loop was
        self.skipped: list[tuple[str, str]] = []  # (where, why) of each row left out

    def node(
        self,
        key: str,
        *,
        label: str | None = None,
        kind: str | None = None,
        description: str | None = None,
        slice: str | None = None,
        origin: str = "",
        listed: bool = True,
    ) -> Node:
        """Record a node (again): add its label and slice; the first kind and description stay."""
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = Node(key, origin=origin)
        if label:
            node.labels[label] += 1
        if kind and node.kind is None:
            node.kind = kind
        if description and node.description is None:
            node.description = description
        if slice is not None:
            self.add_slice(slice, origin)
            node.slices.add(slice)
        node.listed = node.listed or listed
        return node

    def link(self, source: str, target: str, weight: float = 1, *, slice: str | None = None, origin: str = "") -> None:
        """Record a link; a pair seen again (either way round, unless directed) adds its weight."""
        for key in (source, target):
            known = self.nodes.get(key)
            if known is None or not known.linked or (slice is not None and slice not in known.slices):
                self.node(key, slice=slice, origin=origin, listed=False).linked = True
            # else: linked already, in this slice already: nothing to record
        if source == target:
            self.self_loops.append(origin)
            return
        if not self.directed and target < source:
            source, target = target, source
        key = (slice, source, target)
        if key in self.links:
            self.repeats += 1
            self.links[key] += weight
        else:
            self.links[key] = weight

    def skip(self, origin: str, reason: str) -> None:
        """Leave out one row (the import goes on); the report lists it."""
        self.skipped.append((origin, reason))

    def add_slice(self, slice: str, origin: str = "") -> None:
        """Declare a time slice (a chapter with no links is still a chapter)."""
        self.slices.setdefault(slice, origin)

    def notes(self) -> list[str]:
        """What the import did to the data on its way in, in words, for the import report."""
        notes = []
        if self.repeats:
            notes.append(f"{self.repeats} repeated pair{'s' * (self.repeats != 1)} summed into weights")
        if self.self_loops:
            count = len(self.self_loops)
            notes.append(f"{count} self-loop{'s' * (count != 1)} dropped (first at {self.self_loops[0]})")
        relabelled = [n for n in self.nodes.values() if len(n.labels) > 1]
        if relabelled:
            example = relabelled[0]
            notes.append(
                f"{len(relabelled)} id{'s' * (len(relabelled) != 1)} with several labels: the most common is the "
                f"name, the others aliases (e.g. {example.key}: {', '.join(example.labels)})"
            )
        unlisted = [n for n in self.nodes.values() if not n.listed]
        if unlisted and any(n.listed for n in self.nodes.values()):
            notes.append(f"{len(unlisted)} id{'s' * (len(unlisted) != 1)} only in links, not in a node table (e.g. {unlisted[0].key})")
        if self.skipped:
            count = len(self.skipped)
            rows = "; ".join(f"{where}: {why}" for where, why in self.skipped[:5])
            more = f"; and {count - 5:,} more" if count > 5 else ""
            notes.append(f"{count:,} row{'s' * (count != 1)} left out ({rows}{more})")
        isolated = [n for n in self.nodes.values() if not n.linked]
        if isolated:
            notes.append(f"{len(isolated)} node{'s' * (len(isolated) != 1)} without links (kept)")
        return notes
