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


@dataclasses.dataclass(frozen=True, slots=True)
class _Base:
    a: int


@dataclasses.dataclass(frozen=True, slots=True)
class _Derived(_Base):
    b: str


def test_a_record_whose_layout_has_no_twin_is_made_slot_by_slot():
    """A record class with a base has slots of its own that are not all its fields: no twin class
    (`records._twin`), the slots are set one by one, and the records are the constructor's."""
    from universe.storage.records import _twin

    assert _twin(_Derived) is None and _twin(Statement) is not None
    made = make_records(_Derived, {"a": [1, 2], "b": ["x", "y"]})
    assert made == [_Derived(1, "x"), _Derived(2, "y")] and all(type(r) is _Derived for r in made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].a = 3


def test_records_made_through_the_twin_are_of_the_records_class_only():
    columns = {field.name: ["x"] for field in dataclasses.fields(model.SourceRef)}
    (made,) = make_records(model.SourceRef, columns)
    assert type(made) is model.SourceRef and made.__class__ is model.SourceRef
    assert made == model.SourceRef("x", "x", "x") and hash(made) == hash(model.SourceRef("x", "x", "x"))
    assert dataclasses.replace(made, quote=None) == model.SourceRef("x", None, "x")
