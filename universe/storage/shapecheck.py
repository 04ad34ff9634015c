"""Checking the shape of one file's data with the pydantic models of `documents`.

Problems go to a `Report` with the path of keys they concern (the report finds the line).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from universe.storage.documents import EntityDoc, FactsDoc, StatementDoc, UniverseDoc, describe_error
from universe.storage.plainstatements import plain_statements
from universe.storage.report import Report

__all__ = ["check_shape", "check_facts"]


def check_shape(model, raw: Any, file: str, path: tuple, report: Report):
    """`raw` as a `model` document, or None after reporting what is wrong with it."""
    if model is UniverseDoc and not isinstance(raw, dict):
        report(file, path, "universe.yaml must be a mapping (format, id, title, story_time, kinds...)")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        for detail in error.errors():
            loc, message = describe_error(detail)
            report(file, path + loc, message)
        return None


def check_facts(label: str, raw: Any, report: Report, broken: set[str]) -> tuple[list, list]:
    """Shape-check one fact file; return its valid (entity, statement) docs with paths (the
    statements a sequence: `plainstatements.StatementDocuments` when checked by column). The ids
    of entities reported here go in `broken` (no "unknown entity" cascade later)."""
    if raw is None:
        return [], []
    if not isinstance(raw, dict):
        report(label, (), "a fact file must be a mapping with 'entities:' and/or 'statements:'")
        return [], []
    # plain statements checked a column at a time (`plainstatements`), the rest by pydantic
    plain = plain_statements(raw["statements"]) if "statements" in raw else None
    try:
        doc = FactsDoc.model_validate(raw if plain is None else {k: v for k, v in raw.items() if k != "statements"})
        entities = [(("entities", i), d) for i, d in enumerate(doc.entities)]
        statements = plain if plain is not None else [(("statements", i), d) for i, d in enumerate(doc.statements)]
        return entities, statements
    except ValidationError as error:
        for detail in error.errors():
            loc, message = describe_error(detail)
            if len(loc) >= 2 and loc[0] in ("entities", "statements") and isinstance(loc[1], int):
                continue  # reported item by item below, so valid items are still checked
            report(label, loc, message)
    entities, statements = [], []
    for key, model, out in (("entities", EntityDoc, entities), ("statements", StatementDoc, statements)):
        items = raw.get(key)
        if not isinstance(items, list):
            continue
        if key == "statements" and plain is not None:
            out.extend(plain)  # every one as pydantic gives it, reporting nothing
            continue
        for index, item in enumerate(items):
            doc = check_shape(model, item, label, (key, index), report)
            if doc is not None:
                out.append(((key, index), doc))
            elif model is EntityDoc and isinstance(item, dict) and isinstance(item.get("id"), str):
                broken.add(item["id"])  # reported already: no "unknown entity" cascade
    return entities, statements
