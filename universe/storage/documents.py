"""The file format as pydantic models: what each YAML file may hold, and its JSON Schema.

These models check the *shape* of one file (keys, types, spellings). Whether an id exists, a
story point is declared or a range is in order needs the whole universe: that is `store`'s job.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
)

from universe.story.evidence import Evidence, Rank

__all__ = [
    "UniverseDoc",
    "FactsDoc",
    "EntityDoc",
    "StatementDoc",
    "StatusChangeDoc",
    "SCHEMA_DIR",
    "json_schemas",
    "SLUG_PATTERN",
]

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,127}$"
UNIVERSE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
SCHEMA_DIR = Path(__file__).parent / "schema"


def _scalar_text(value: Any) -> Any:
    """YAML reads `2` or `1.5` as numbers; ids, dates and story points are text."""
    if type(value) is str or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if type(value) is bytes:  # YAML's `!!binary`: decoded as the text check would (so that a
        # pattern's message shows text, as it did when the check came after this validator)
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value
    return value


_EVIDENCE_VALUES = frozenset(Evidence._value2member_map_)


def _evidence(value: Any) -> Any:
    if type(value) is str and value in _EVIDENCE_VALUES:
        return value
    if isinstance(value, str):
        key = value.strip().lower().replace("_", "-").replace(" ", "-")
        if key in Evidence._value2member_map_:
            return key
    return value


# YAML reads `2023` or `12` as numbers: the schema says so, and the model turns them into text
# (`str(number)`, as `_scalar_text` does) inside pydantic's own text check, with its constraint:
# no Python call per value (a validator before the check was 660,000 calls at 20,000 entities,
# and a constraint after one wraps every value in another). `describe_error` words the messages
# as they were when a validator made the text first.
_NUMBERS_AS_TEXT = Field(coerce_numbers_to_str=True)
_NUMBER = {"type": "integer"}
Text = Annotated[
    str, StringConstraints(min_length=1), _NUMBERS_AS_TEXT,
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}),
]
Slug = Annotated[
    str, StringConstraints(pattern=SLUG_PATTERN), _NUMBERS_AS_TEXT,
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, {"type": "integer", "minimum": 0}]}),
]
PointRef = Text
Date = Annotated[
    str, StringConstraints(pattern=DATE_PATTERN), _NUMBERS_AS_TEXT,
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer", "minimum": 1000, "maximum": 9999}]}),
]
EvidenceLevel = Annotated[
    Evidence, BeforeValidator(_evidence),
    WithJsonSchema({"type": "string", "enum": [e.value for e in Evidence], "description": "canon > official > reported > teased > speculation > fan-theory"}),
]
Scalar = Union[str, int, float, bool, None]


def _number(value: Any) -> Any:
    """A weight is a YAML number: `true` or `"3"` are mistakes, not 1 and 3."""
    if isinstance(value, (bool, str)):
        raise ValueError("must be a number")
    return value


# How strong a relation is (interactions or co-appearances a dataset counted): a finite number.
Weight = Annotated[float, BeforeValidator(_number), Field(allow_inf_nan=False)]


# Empty defaults made fresh by `list` and `dict` (pydantic deep-copies a mutable default for every
# document that leaves the key out: 70,000 `copy.deepcopy` calls in a 20,000-entity universe)
_EMPTY_LIST = Field(default_factory=list, json_schema_extra={"default": []})
_EMPTY_DICT = Field(default_factory=dict, json_schema_extra={"default": {}})


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# -- universe.yaml -------------------------------------------------------------------------


class PointDoc(_Doc):
    """A story point; `points` nests finer points (episodes in a season)."""

    id: Text
    title: Text | None = None
    date: Date | None = None
    note: str | None = None
    aliases: list[Text] = _EMPTY_LIST
    points: list["PointDoc"] = _EMPTY_LIST


class StoryTimeDoc(_Doc):
    levels: list[Text] = Field(min_length=1)
    points: list[PointDoc] = Field(min_length=1)


class KindDoc(_Doc):
    label: Text
    plural: Text | None = None
    color: str | None = None
    description: str | None = None


class StatusDoc(_Doc):
    label: Text
    color: str | None = None
    terminal: bool = False
    description: str | None = None


class RelationDoc(_Doc):
    label: Text
    inverse: Text | None = None
    symmetric: bool = False
    family: Slug = "other"
    subject: list[Slug] = _EMPTY_LIST
    object: list[Slug] = _EMPTY_LIST
    value: bool = False
    containment: bool = False
    posthumous: bool = False
    portrayal: bool = False
    color: str | None = None
    description: str | None = None


class UniverseDoc(_Doc):
    """universe.yaml: the universe, its story time and its vocabularies."""

    format: Literal[1]
    id: Annotated[str, StringConstraints(pattern=UNIVERSE_ID_PATTERN)]
    title: Text
    description: str | None = None
    work: Slug | None = None
    story_time: StoryTimeDoc
    kinds: dict[Slug, KindDoc] = Field(min_length=1)
    # the kinds the character pages follow (Overview, Survivors, Connections); default: character
    principal_kinds: list[Slug] = _EMPTY_LIST
    statuses: dict[Slug, StatusDoc] = _EMPTY_DICT
    relations: dict[Slug, RelationDoc] = _EMPTY_DICT


# -- fact files ----------------------------------------------------------------------------


class SourceRefDoc(_Doc):
    source: Slug
    quote: str | None = None
    locator: str | None = None


def _text_or_mapping(value: Any) -> str:
    return "mapping" if isinstance(value, dict) else "text"


SourceRef = Annotated[
    Union[Annotated[Slug, Tag("text")], Annotated[SourceRefDoc, Tag("mapping")]],
    Discriminator(_text_or_mapping),
]


class AliasDoc(_Doc):
    name: Text
    revealed: PointRef | None = None


AliasRef = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[AliasDoc, Tag("mapping")]],
    Discriminator(_text_or_mapping),
]


class PassageDoc(_Doc):
    text: Text
    revealed: PointRef | None = None
    evidence: EvidenceLevel = Evidence.CANON


class StatusChangeDoc(_Doc):
    at: PointRef
    status: Slug
    evidence: EvidenceLevel = Evidence.CANON
    revealed: PointRef | None = None
    sources: list[SourceRef] = _EMPTY_LIST
    note: str | None = None


class EntityDoc(_Doc):
    id: Slug
    kind: Slug
    name: Text
    aliases: list[AliasRef] = _EMPTY_LIST
    description: Annotated[
        Union[Annotated[str, Tag("text")], Annotated[list[PassageDoc], Tag("parts")]],
        Discriminator(lambda v: "parts" if isinstance(v, list) else "text"),
    ] | None = None
    revealed: PointRef | None = None
    evidence: EvidenceLevel = Evidence.CANON
    sources: list[SourceRef] = _EMPTY_LIST
    point: PointRef | None = None
    url: str | None = None
    date: Date | None = None
    attributes: dict[Text, Scalar] = _EMPTY_DICT
    status: list[StatusChangeDoc] = _EMPTY_LIST
    note: str | None = None


class StatementDoc(_Doc):
    id: Text | None = None
    subject: Slug
    relation: Slug
    object: Slug | None = None
    value: Annotated[str, BeforeValidator(_scalar_text)] | None = None
    from_: PointRef | None = Field(default=None, alias="from")
    until: PointRef | None = None
    revealed: PointRef | None = None
    spoils: PointRef | None = None
    date: Date | None = None
    weight: Weight | None = None
    evidence: EvidenceLevel = Evidence.CANON
    rank: Rank = Rank.NORMAL
    sources: list[SourceRef] = _EMPTY_LIST
    note: str | None = None


class FactsDoc(_Doc):
    """A fact file: entities, statements, or both."""

    entities: list[EntityDoc] = _EMPTY_LIST
    statements: list[StatementDoc] = _EMPTY_LIST


def json_schemas() -> dict[str, dict]:
    """The JSON Schema of each file type, as checked in under `universe/storage/schema/`."""
    schemas = {}
    for name, model in (("universe", UniverseDoc), ("facts", FactsDoc)):
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://universe.invalid/schema/{name}.schema.json"
        schemas[f"{name}.schema.json"] = schema
    return schemas


def write_json_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    """(Re)write the checked-in schemas; the tests fail when they drift from the models."""
    written = []
    for filename, schema in json_schemas().items():
        path = folder / filename
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def describe_error(error: dict) -> tuple[tuple, str]:
    """A pydantic error as ``(path, message)`` in our words, naming the offending value."""
    loc = tuple(step for step in error["loc"] if not _is_union_tag(step))
    kind = error["type"]
    value = error.get("input")
    field = next((str(s) for s in reversed(loc) if isinstance(s, str)), "value")
    if kind == "extra_forbidden":
        return loc, f"unknown key {field!r}"
    if kind == "missing":
        return loc, f"missing key {field!r}"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if pattern in (SLUG_PATTERN, DATE_PATTERN):
            value = _as_text(value)  # the text the check read (as `_scalar_text` made it)
        if pattern in (SLUG_PATTERN, UNIVERSE_ID_PATTERN):
            return loc, f"{field} {value!r} is not an id (lower-case letters, digits and hyphens)"
        if pattern == DATE_PATTERN:
            return loc, f"{field} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        what = "evidence level" if field == "evidence" else field
        return loc, f"unknown {what} {value!r} (expected {expected})"
    if kind == "literal_error" and field == "format":
        return loc, f"unsupported format version {value!r} (this version reads format 1)"
    message = str(error.get("ctx", {}).get("error", error["msg"])) if kind == "value_error" else error["msg"]
    if kind == "string_too_short" and isinstance(value, (str, bytes)):  # `Text`'s words from when its check came after the validator
        message = f"Value should have at least 1 item after validation, not {len(value)}"
    short = message[0].lower() + message[1:]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return loc, f"{field}: {short} (got {value!r})"
    return loc, f"{field}: {short} (got a {type(value).__name__})"


def _as_text(value: Any) -> Any:
    """A number or ``!!binary`` as pydantic's text check reads it (`_scalar_text`)."""
    if isinstance(value, (int, float, bytes)) and not isinstance(value, bool):
        return _scalar_text(value)
    return value


def _is_union_tag(step: object) -> bool:
    return step in ("text", "mapping", "parts")
