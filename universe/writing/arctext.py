"""Arc file text: a new arc's header, a change's keys in the documented order, and appending a
change to a file as new lines (so every byte a writer wrote stays as it was)."""

from __future__ import annotations

import re
from typing import Any, Mapping

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from universe.storage.roundtrip import Style, dump_roundtrip, to_yaml
from universe.writing.arcs import CHANGE_KINDS

__all__ = ["new_arc_text", "ordered_change", "block_changes", "appended_change"]


def new_arc_text(arc_id: str, title: str, author: str | None, base: str | None, description: str | None) -> str:
    """The text of a new, empty arc file."""
    header: dict[str, Any] = {"id": arc_id, "title": title}
    for key, value in (("author", author), ("base", base), ("description", description)):
        if value:
            header[key] = value
    data = CommentedMap()
    data["arc"] = to_yaml(header)
    data["changes"] = CommentedSeq()
    data.yaml_set_start_comment("A what-if arc over canon: see docs/data-format.md, \"Arcs\".")
    return dump_roundtrip(data, Style())


def block_changes(data) -> CommentedSeq:
    """The round-trip `changes:` list of an arc, made a block list (created when missing)."""
    changes = data.get("changes")
    if not isinstance(changes, list) or not changes:
        changes = data["changes"] = CommentedSeq()
    changes.fa.set_block_style()
    return changes


def ordered_change(change: Mapping[str, Any]) -> dict[str, Any]:
    """A change's keys in the documented order: id, what it does, rationale, evidence, plot, sources."""
    kinds = [k for k in CHANGE_KINDS if k in change]
    keys = ["id", *kinds, "rationale", "evidence", "plot", "sources"]
    out = {k: change[k] for k in keys if k in change and change[k] not in (None, "", [])}
    out.update({k: v for k, v in change.items() if k not in out and k not in keys})
    return out


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)


def appended_change(text: str, change: dict) -> str | None:
    """`text` with `change` added as lines at its end (every byte before kept), or None when
    ``changes:`` is not the file's last key. `arcstore.add_change` checks that the result reads
    back as the arc plus this change, and edits round-trip instead when it does not."""
    if _TOP_KEY.findall(text)[-1:] != ["changes"]:
        return None
    style = Style.of(text)
    item = dump_roundtrip(CommentedMap(changes=to_yaml([change])), style).split("\n", 1)[1]
    lines = text.rstrip("\n").split("\n")
    if lines[-1].startswith("changes:") and lines[-1].split("#")[0].strip() == "changes: []":
        lines[-1] = "changes:" + (f"  #{lines[-1].split('#', 1)[1]}" if "#" in lines[-1] else "")
    gap = "\n" if "\n\n" + " " * style.offset + "- " in text else ""  # keep a blank line between changes
    return "\n".join(lines) + "\n" + gap + item
