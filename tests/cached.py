"""What the cache tests share: a tiny universe folder, the universe its files give with no cache,
and a field-by-field comparison of two loaded universes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from universe.exchange.generate import tiny_documents, write_documents
from universe.storage.loader import Loader

__all__ = ["tiny_folder", "same", "built", "universe_entry", "build_data", "resign_build"]


def tiny_folder(tmp_path: Path) -> Path:
    """The tiny universe with a person in a file of its own, written under `tmp_path`."""
    universe, facts = tiny_documents()
    facts["people.yaml"] = {"entities": [{"id": "eve", "kind": "person", "name": "Eve Actor"}]}
    return write_documents(tmp_path / "tiny", universe, facts)


def same(a, b) -> None:
    """Two loaded universes hold the same data, field by field (warnings included)."""
    for field in dataclasses.fields(a):
        left, right = getattr(a, field.name), getattr(b, field.name)
        if field.name in ("entities", "kinds", "statuses", "relations"):
            left, right = dict(left), dict(right)
        assert left == right, field.name


def built(folder: Path):
    """The universe built from the files alone, with no cache."""
    loader = Loader(folder)
    universe = loader.run()
    return dataclasses.replace(universe, warnings=tuple(loader.problems))


def universe_entry(folder: Path) -> Path:
    """The one whole-universe entry of `folder`'s cache."""
    (entry,) = (folder / ".cache").glob("universe-*.json")
    return entry


def build_data(entry: Path) -> tuple[dict, dict, dict]:
    """A kept build's entry: its header, its first part (``{"build": records}``) and its second
    (``{"index": ..., "build": what an assembly after an edit reads}``)."""
    header, _, body = entry.read_bytes().partition(b"\n")
    first, _, second = body.partition(b"\n")
    return json.loads(header), json.loads(first), json.loads(second)


def resign_build(entry: Path, change) -> None:
    """Change a kept build with `change` (given both parts of its build as one mapping) and sign
    it again with this user's key, as if the key had leaked."""
    from universe.storage import derivedcache

    header, first, second = build_data(entry)
    build = {**first["build"], **second["build"]}
    change(build)
    first["build"] = {key: value for key, value in build.items() if key not in second["build"]}
    second["build"] = {key: value for key, value in build.items() if key in second["build"]}
    body = json.dumps(first).encode() + b"\n" + json.dumps(second).encode()
    header["hmac"] = derivedcache._signature(body)
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
