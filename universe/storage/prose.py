"""Prose that spoils: a passage, note or status note that mentions a later story point or entity.

A snapshot hides a description passage, a note or a status change until its reveal point; it
cannot read what the text says. A passage revealed at S1E6 that says "in episode 8 she..." or
names a character first seen later is a spoiler no horizon catches. `later_mentions` finds them:

* a **story point** named by its id, title, alias or path (``S1E8``, ``Episode 8``, ``Season 2``,
  ``Season 1 Episode 8``; any case, spacing or zero-padding) that begins after the text's own
  reveal point ends. Mentioning the text's own point, an enclosing one or an earlier one is fine;
  a title several points share (``Episode 8`` of each season) means the one under the text's own
  point's parents, else the earliest;
* the **name or an alias** of an entity revealed after the text (an alias with a reveal point of
  its own counts from there). Names are matched as whole words: a name with a digit ("Class
  2-5") in any case; a name of words only as written, and never when the universe's prose also
  uses it as a lower-case phrase ("the hybrids": a common word); never a name under three letters.

A text's reveal point is the point from which a viewer may read it: a passage's own point, and
never before its entity's; a status note's change; a statement's note with its statement and both
of its entities. No point means from the start (the first story point).

Everything comes from the loaded universe and nothing else, so the result can be cached with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from typing import Iterator, Mapping, Sequence

from universe.storage.report import Report
from universe.story.model import Entity, Statement
from universe.story.snapshot import Universe
from universe.story.timeline import StoryPoint, Timeline

__all__ = ["Mention", "later_mentions", "mentions", "report_later_mentions"]

_SEPARATOR = r"[\s,/:;·._-]*"
_MIN_NAME = 3
_WORD = re.compile(r"\w+")
_LEAD = re.compile(r"[^\W\d_]+|\d+|")  # the first word or number of a label (or nothing)
_PROSE = attrgetter("description", "note", "status")  # where an entity has prose, if anywhere


@dataclass(frozen=True, slots=True)
class Mention:
    """A text that mentions something revealed after it: where the text is (an entity's id, or a
    statement's position in ``universe.statements``, and the keys under it) and what it names."""

    entity: str | None
    statement: int | None
    path: tuple
    message: str


@dataclass(frozen=True, slots=True)
class _Text:
    entity: str | None
    statement: int | None
    path: tuple
    what: str
    text: str
    revealed: StoryPoint | None


def _key(label: str) -> str:
    """How a story point label is compared: its words and numbers, case and zero-padding folded."""
    return " ".join(str(int(run)) if run.isdigit() else run for run in re.findall(r"[^\W\d_]+|\d+", label.casefold()))


def _label_pattern(label: str, loose: bool) -> str | None:
    """A regex for a story point label: any spacing and zero-padding (`loose`: for the ids and
    numbered titles, any case too; a label of words only is matched as written)."""
    runs = re.findall(r"[^\W\d_]+|\d+", label)
    if not runs:
        return None
    parts = [rf"0*{int(run)}" if run.isdigit() else re.escape(run) for run in runs]
    body = _SEPARATOR.join(parts) if loose else r"\s+".join(re.escape(w) for w in label.split())
    return r"(?<![\w])" + body + r"(?![\w])"


def _point_labels(timeline: Timeline) -> dict[str, tuple[StoryPoint, ...]]:
    """Every label of every point, each with the points it may name (several for a shared title)."""
    by_label: dict[str, list[StoryPoint]] = {}
    by_id = {p.id: p for p in timeline.points}
    for point in timeline.points:
        labels = {point.id, point.title, *point.aliases}
        if point.parent is not None:
            labels.add(f"{by_id[point.parent].title} {point.title}")
        for label in labels:
            label = " ".join(label.split())
            if not _key(label):
                continue
            found = by_label.setdefault(label if not re.search(r"\d", label) else _key(label), [])
            if point not in found:
                found.append(point)
    return {key: tuple(points) for key, points in by_label.items()}


def _resolve(points: tuple[StoryPoint, ...], reveal: StoryPoint, timeline: Timeline) -> StoryPoint:
    """The point a shared label means for a text revealed at `reveal`: the one under the text's
    own point's parents, else the earliest."""
    if len(points) == 1:
        return points[0]
    ancestors = {p.id for p in timeline.path(reveal)}
    near = [p for p in points if p.parent in ancestors]
    return min(near or points, key=lambda p: (p.start, p.end))


def _texts(timeline: Timeline, entities: Mapping[str, Entity], statements: Sequence[Statement]) -> Iterator[_Text]:
    values = list(entities.values())
    for entity in compress(values, map(any, map(_PROSE, values))):  # those with a passage, a note or a status
        single = len(entity.description) == 1 and entity.description[0].revealed is None
        for index, passage in enumerate(entity.description):
            path = ("description",) if single else ("description", index, "text")
            yield _Text(entity.id, None, path, "description", passage.text, timeline.later(entity.revealed, passage.revealed))
        if entity.note:
            yield _Text(entity.id, None, ("note",), "note", entity.note, entity.revealed)
        for index, change in enumerate(entity.status):
            if change.note:
                yield _Text(entity.id, None, ("status", index, "note"), "status note", change.note,
                            timeline.later(entity.revealed, change.revealed))
    for index in compress(range(len(statements)), map(attrgetter("note"), statements)):  # the few with a note
        statement = statements[index]
        revealed = statement.revealed
        for end in (statement.subject, statement.object):
            if end in entities:
                revealed = timeline.later(revealed, entities[end].revealed)
        yield _Text(None, index, ("note",), "note", statement.note, revealed)


def _tokens(text: str) -> list[re.Match]:
    return list(_WORD.finditer(text))


_Found = tuple  # (name, entity, its reveal point)


class _Index:
    """Phrases found in a text by their words, in one pass over its words: a phrase is filed
    under its first word and its number of words, then under the text it is written as; a text
    is looked up at each word for the few word counts filed under that word. The work is the
    number of words times the distinct word counts of a first word, whatever the number of
    phrases sharing that first word ("Night Warden", "Night Falcon"... are one lookup each)."""

    def __init__(self, fold: bool = False):
        self.fold = fold
        self.by_first: dict[str, dict[int, dict[str, list]]] = {}
        self.size = 0

    def add(self, phrase: str, value) -> None:
        """File `value` under `phrase` (its spacing folded; its case too when folding)."""
        words = _WORD.findall(phrase)
        key = phrase.casefold() if self.fold else phrase
        first = words[0].casefold() if self.fold else words[0]
        self.by_first.setdefault(first, {}).setdefault(len(words), {}).setdefault(key, []).append((self.size, value))
        self.size += 1

    def at(self, text: str, tokens: list[re.Match], index: int) -> list:
        """The values of the phrases `text` writes from word `index` on, in the order filed."""
        word = tokens[index].group(0)
        counts = self.by_first.get(word.casefold() if self.fold else word)
        if not counts:
            return []
        hits = []
        for count, phrases in counts.items():
            written = _written(text, tokens, index, count)
            if written is not None:
                hits.extend(phrases.get(written.casefold() if self.fold else written, ()))
        if len(hits) > 1:
            hits.sort(key=lambda hit: hit[0])
        return [value for _, value in hits]


class _Names:
    """The distinctive names and aliases of a universe's entities, found by their words.

    A name with a digit ("Class 2-5", "Unit 731") is matched in any case; a name of words only
    is matched as written, unless the prose also writes it in lower case (then it is a common
    word or phrase, "the hybrids", and never matched)."""

    def __init__(self, timeline: Timeline, entities: Mapping[str, Entity], texts: list[_Text], labels: Mapping[str, object],
                 tokens: list[list[re.Match]]):
        self.written = _Index()  # names of words only, as written
        self.folded = _Index(fold=True)  # names with digits, in any case
        self.tokens = tokens  # each text's words
        leads = {key.split()[0] for key in labels}
        for name, entity, revealed in _findable(timeline, entities, self.tokens):
            name = " ".join(name.split())
            words = _WORD.findall(name)
            numbered = any(map(str.isdigit, name))
            if revealed is None or len(name) < _MIN_NAME or not words or (name == name.casefold() and not numbered):
                continue
            if name in labels or (_LEAD.match(name.casefold()).group(0) in leads and _key(name) in labels):
                continue  # a work named after its story point ("Episode 8"): the point's check says it
            if numbered:
                self.folded.add(name, (name.casefold(), entity, revealed))
            else:
                self.written.add(name, (name, entity, revealed))
        self.common = self._common(texts)

    def _common(self, texts: list[_Text]) -> set[str]:
        """Names of words only that the prose also writes in lower case: common words."""
        lower = _Index()
        for counts in self.written.by_first.values():
            for phrases in counts.values():
                for name in phrases:
                    lower.add(name.casefold(), name)
        common: set[str] = set()
        if not lower.size:
            return common
        for text, tokens in zip(texts, self.tokens):
            for index in range(len(tokens)):
                common.update(lower.at(text.text, tokens, index))
        return common

    def found(self, text: str, tokens: list[re.Match] | None = None) -> Iterator[_Found]:
        """(name, entity, its reveal point) for every name the text writes (`tokens`: its words,
        when found before)."""
        tokens = _tokens(text) if tokens is None else tokens
        for index in range(len(tokens)):
            for name, entity, revealed in self.written.at(text, tokens, index):
                if name not in self.common:
                    yield name, entity, revealed
            for name, entity, revealed in self.folded.at(text, tokens, index) if self.folded.size else ():
                yield entity.name if entity.name.casefold() == name else name, entity, revealed


def _findable(timeline: Timeline, entities: Mapping[str, Entity], tokens: list[list[re.Match]]) -> Iterator[_Found]:
    """(name, entity, the point from which the name is known) for every name and alias of
    `entities`, in their order, that is known from some point and whose first word the texts
    (their `tokens`) write, as written or in another case: a name is looked up by its first word
    (`_Index.at`), so no other can be found, and a universe of many names and little prose files
    few of them."""
    written = {match.group(0) for words in tokens for match in words}
    folded = {word.casefold() for word in written}
    later = timeline.later
    for entity in entities.values():
        if entity.revealed is not None:
            first = _WORD.search(entity.name)
            if first is not None and (first.group(0) in written or first.group(0).casefold() in folded):
                yield entity.name, entity, entity.revealed
        for alias in entity.aliases:
            first = _WORD.search(alias.name)
            if first is not None and (first.group(0) in written or first.group(0).casefold() in folded):
                revealed = later(entity.revealed, alias.revealed)
                if revealed is not None:
                    yield alias.name, entity, revealed


def _written(text: str, tokens: list[re.Match], index: int, count: int) -> str | None:
    """The text from word `index` to the end of the `count`th word from it, spacing folded
    (None past the last word)."""
    if index + count > len(tokens):
        return None
    return " ".join(text[tokens[index].start():tokens[index + count - 1].end()].split())


def later_mentions(universe: Universe) -> list[Mention]:
    """Every passage, note and status note of `universe` that mentions a story point or an entity
    revealed after the text itself (see the module's docstring), in the universe's order."""
    return mentions(universe.timeline, universe.entities, universe.statements)


def mentions(timeline: Timeline, entities: Mapping[str, Entity], statements: Sequence[Statement]) -> list[Mention]:
    """`later_mentions` over the parts of a universe (entities and statements with their reveal
    points resolved), as the loader has them before the universe is built."""
    first = timeline.first
    if first is None:
        return []
    texts = list(_texts(timeline, entities, statements))
    if not texts:
        return []  # no prose: nothing to match (the labels and names are not even gathered)
    tokens = [_tokens(text.text) for text in texts]
    labels = _point_labels(timeline)
    names = _Names(timeline, entities, texts, labels, tokens)
    loose, exact = _labels_regex(tuple(labels), texts, tokens)
    out = []
    for text, words in zip(texts, tokens):
        reveal = text.revealed or first
        said = f"{text.what} revealed at {reveal.id}" if text.revealed else f"{text.what} visible from the start"
        seen: set[str] = set()
        for regex, keyed in ((loose, _key), (exact, lambda found: " ".join(found.split()))):
            for match in regex.finditer(text.text) if regex is not None else ():
                points = labels.get(keyed(match.group(0)))
                if not points:
                    continue
                point = _resolve(points, reveal, timeline)
                if point.start > reveal.end and point.id not in seen:
                    seen.add(point.id)
                    out.append(_mention(text, f"{said} mentions {match.group(0)!r}, a later story point ({point.id})"))
        for name, entity, revealed in names.found(text.text, words):
            if revealed.end > reveal.end and entity.id not in seen:
                seen.add(entity.id)
                out.append(_mention(text, f"{said} names {name!r} ({entity.id}), revealed later ({revealed.id})"))
    return out


def _mention(text: _Text, message: str) -> Mention:
    where = text.entity if text.entity is not None else f"statement {text.statement + 1}"
    return Mention(text.entity, text.statement, text.path, f"{where}: {message}")


def _labels_regex(keys: tuple[str, ...], texts: list[_Text], tokens: list[list[re.Match]]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """Two regexes for every label, longest first (``Season 1 Episode 8`` before ``Season 1``):
    ids and numbered titles in any case; titles of words only as written, and never one the
    prose also writes in lower case (a common word)."""
    numbered = sorted((k for k in keys if re.search(r"\d", k)), key=len, reverse=True)
    worded = sorted((k for k in keys if not re.search(r"\d", k) and k != k.casefold()), key=len, reverse=True)
    lower = _lower_case_labels([k.casefold() for k in worded], texts, tokens)
    worded = [k for k in worded if k.casefold() not in lower]
    loose = [p for p in (_label_pattern(k, True) for k in numbered) if p]
    exact = [p for p in (_label_pattern(k, False) for k in worded) if p]
    return (re.compile("|".join(loose), re.IGNORECASE) if loose else None,
            re.compile("|".join(exact)) if exact else None)


def _lower_case_labels(labels: list[str], texts: list[_Text], tokens: list[list[re.Match]]) -> set[str]:
    """Those of `labels` (in lower case) that the prose writes as they are, as whole words with
    any spacing. A label is looked for only where the prose writes its words in a row (one
    lookup per word of the prose), and once found never again."""
    index, found = _Index(), set()
    for label in labels:
        if re.fullmatch(r"\w(.*\w)?", label):
            index.add(label, label)
        elif re.search(_label_pattern(label, False), "\n".join(t.text for t in texts)):
            found.add(label)  # one beginning or ending with a sign (rare): searched for plainly
    patterns = {label: re.compile(_label_pattern(label, False)) for counts in index.by_first.values()
                for phrases in counts.values() for label in phrases}
    for text, words in zip(texts, tokens) if patterns else ():
        for at in range(len(words)):
            for label in index.at(text.text, words, at):
                if label not in found and patterns[label].match(text.text, words[at].start()):
                    found.add(label)
    return found


def report_later_mentions(timeline: Timeline, entities: Mapping[str, Entity], statements: Sequence[Statement],
                          where: Mapping[str, tuple[str, tuple]], statement_where: Sequence[tuple[str, tuple]],
                          report: Report) -> None:
    """Report every mention as a warning at its text's file and line (`where`: each entity's file
    and keys; `statement_where`: each statement's, in the order of `statements`)."""
    for mention in mentions(timeline, entities, statements):
        file, path = where[mention.entity] if mention.entity is not None else statement_where[mention.statement]
        report(file, path + mention.path, mention.message, "warning")
