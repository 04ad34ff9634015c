"""`records.make_records` makes the same records as the constructor (the warm load's statements)."""

from __future__ import annotations

import dataclasses

import pytest

from universe.exchange.generate import generated_documents
from universe.storage.records import make_records
from universe.storage.store import universe_from_documents
from universe.story import model
from universe.story.model import Entity, Statement


def _columns(cls, records):
    return {field.name: [getattr(record, field.name) for record in records] for field in dataclasses.fields(cls)}


def test_records_made_by_column_equal_the_constructors():
    universe = universe_from_documents(*generated_documents(60, statements=300, status_changes=60))
    for cls, records in ((Statement, list(universe.statements)), (Entity, list(universe.entities.values()))):
        made = make_records(cls, _columns(cls, records))
        assert made == records
        assert [hash(r) for r in made if cls is Statement] == [hash(r) for r in records if cls is Statement]
        assert all(type(r) is cls for r in made)
        assert _columns(cls, made) == _columns(cls, records)
        with pytest.raises(dataclasses.FrozenInstanceError):
            made[0].id = "changed"


def test_every_model_record_can_be_made_by_column():
    """The model's records stay plain: slotted, frozen, no __post_init__ (make_records refuses others)."""
    for name in model.__all__:
        cls = getattr(model, name)
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
        assert "__slots__" in cls.__dict__ and not hasattr(cls, "__post_init__")


def test_columns_that_do_not_fit_are_refused():
    columns = {field.name: ["x"] for field in dataclasses.fields(model.SourceRef)}
    assert make_records(model.SourceRef, columns) == [model.SourceRef("x", "x", "x")]
    with pytest.raises(ValueError):
        make_records(model.SourceRef, {**columns, "quote": ["x", "y"]})  # lengths differ
    with pytest.raises(ValueError):
        make_records(model.SourceRef, {"source": ["x"]})  # a field missing
    with pytest.raises(ValueError):
        make_records(model.SourceRef, {**columns, "source": ("x",)})  # not a list
