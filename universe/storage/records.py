"""Many frozen records at once, a column at a time.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``: for the
100,000 statements of a large universe that is 1.5 million Python-level calls, the largest part
of a warm load. `make_records` makes each record through its class's *twin*: a plain class with
the same slots (the same memory layout) whose ``__init__`` stores each field directly (the
interpreter's fastest store), then turns into the record's class by ``__class__`` assignment,
which Python allows between classes of the same layout and checks (a class whose layout does not
match is made slot by slot instead). The records are the same as the constructor's: same class,
same field values (the model's records have no ``__post_init__`` and no defaults computed at
construction; `tests/test_records.py` keeps it so).
"""

from __future__ import annotations

from collections import deque
from itertools import repeat
from operator import attrgetter

__all__ = ["from_rows", "make_records", "replaced"]

_TWINS: dict[type, type | None] = {}


def make_records(cls: type, columns: dict[str, list]) -> list:
    """``[cls(**row) for row in rows]`` for the rows whose fields are `columns` (one list per
    field, every field given, all of one length); raises ValueError otherwise."""
    fields = cls.__dataclass_fields__  # type: ignore[attr-defined]
    if set(columns) != set(fields) or hasattr(cls, "__post_init__") or "__slots__" not in cls.__dict__:
        raise ValueError(f"{cls.__name__}: every field, of a slotted record without __post_init__")
    lengths = {len(values) for values in columns.values() if type(values) is list}
    if len(lengths) != 1 or any(type(values) is not list for values in columns.values()):
        raise ValueError(f"{cls.__name__}: columns are lists of one length")
    twin = _twin(cls)
    if twin is not None:
        return list(map(twin, *[columns[name] for name in fields]))
    (count,) = lengths
    records = list(map(object.__new__, repeat(cls, count)))
    for name, values in columns.items():
        deque(map(getattr(cls, name).__set__, records, values), maxlen=0)  # the slot's setter, a base's too
    return records


def _twin(cls: type) -> type | None:
    """The twin of the record class `cls` (see above), or None when its layout cannot have one:
    a base other than object, or slots that are not exactly its fields."""
    if cls in _TWINS:
        return _TWINS[cls]
    fields = tuple(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    twin = None
    if cls.__bases__ == (object,) and tuple(cls.__dict__["__slots__"]) == fields and all(name.isidentifier() for name in fields):
        twin = type(f"_{cls.__name__}Twin", (object,), {"__slots__": cls.__dict__["__slots__"], "__module__": __name__})
        # the fields are the dataclass's own names (identifiers, checked above): nothing from outside
        source = f"def __init__(self, {', '.join(fields)}):\n" + "".join(f"    self.{name} = {name}\n" for name in fields)
        namespace: dict = {}
        exec(source + "    self.__class__ = record\n", {"record": cls}, namespace)  # noqa: S102
        twin.__init__ = namespace["__init__"]  # type: ignore[misc]
        try:
            twin(*fields)  # the layouts match, or Python refuses the assignment here
        except TypeError:
            twin = None
    _TWINS[cls] = twin
    return twin


def replaced(cls: type, records: list, name: str, values: list) -> list:
    """``[dataclasses.replace(r, **{name: v}) for r, v in zip(records, values)]``, a column at a time."""
    columns = {field: list(map(attrgetter(field), records)) for field in cls.__dataclass_fields__}  # type: ignore[attr-defined]
    columns[name] = values
    return make_records(cls, columns)


def from_rows(cls: type, rows: list[tuple]) -> list:
    """``[cls(*row) for row in rows]`` for rows of every field in order, a column at a time."""
    if not rows:
        return []
    return make_records(cls, {name: list(column) for name, column in zip(cls.__dataclass_fields__, zip(*rows))})  # type: ignore[attr-defined]
