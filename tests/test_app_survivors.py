"""The Survivors page as viewers think of it: one lane per character across the story points,
coloured by status with the point of each change, sortable by fate and filterable by group; a
chart that separates introduced, surviving, turned and dead (a count never rises just because
someone is introduced); the table's notes never cut off at ten rows."""

from __future__ import annotations

import copy
import json

import pyarrow as pa
import pytest
from apptest import Explorer

from universe.exchange.generate import tiny_documents, write_documents

POINTS = [f"S1E{n}" for n in range(1, 7)]


def fates_documents() -> tuple[dict, dict]:
    """Six episodes; a cast introduced over time, some infected, some dead, in two groups; a
    note on every status change; one name that is markup."""
    universe, facts = copy.deepcopy(tiny_documents())
    universe["id"] = "fates"
    universe["story_time"]["points"][0]["points"] = [{"id": p, "title": f"Episode {p[-1]}"} for p in POINTS]
    entities = [e for e in facts["facts.yaml"]["entities"] if e["kind"] != "character"]
    cast = {  # id: (first seen, [(point, status)], group)
        "ann": ("S1E1", [("S1E4", "dead")], "north"),
        "ben": ("S1E1", [("S1E2", "infected")], "north"),
        "cas": ("S1E1", [], "south"),
        "dee": ("S1E3", [], "south"),  # introduced alive at S1E3
        "eve": ("S1E3", [("S1E5", "infected"), ("S1E6", "dead")], "north"),
        "fay": ("S1E5", [], "south"),
    }
    for group in ("north", "south"):
        entities.append({"id": group, "kind": "group", "name": group.capitalize() + " house"})
    statements = [s for s in facts["facts.yaml"]["statements"]
                  if s["subject"] in {"school", "dan"} and s["relation"] != "plays"]
    for entity_id, (first, changes, group) in cast.items():
        status = [{"at": first, "status": "alive", "note": f"{entity_id} is first seen. " + "x" * 80}]
        status += [{"at": at, "status": value, "note": f"{entity_id} becomes {value}."} for at, value in changes]
        entities.append({"id": entity_id, "kind": "character", "name": entity_id.capitalize(), "status": status})
        statements.append({"subject": entity_id, "relation": "member-of", "object": group})
    facts["facts.yaml"] = {"entities": entities, "statements": statements}
    return universe, facts


@pytest.fixture
def folder(tmp_path, data_root):
    write_documents(tmp_path / "fates", *fates_documents())
    data_root(tmp_path)
    return tmp_path / "fates"


def clean(at):
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def chart(at, key: str) -> dict:
    """The lanes chart (layers of cells and change marks) or the fates chart (bars by fate)."""
    for element in Explorer.elements(at, sidebar=False):
        proto = getattr(element, "proto", None)
        if type(element).__name__ != "UnknownElement" or not getattr(proto, "spec", ""):
            continue
        spec = json.loads(proto.spec)  # Streamlit sends the data values apart, as Arrow
        spec["data"] = {"values": pa.ipc.open_stream(proto.data.data).read_pandas().to_dict("records")}
        if key == "survivors.lanes" and "layer" in spec:
            return spec
        if key == "survivors.fates" and spec.get("encoding", {}).get("color", {}).get("field") == "fate":
            return spec
    raise AssertionError(f"no chart {key!r}")


def lanes(at) -> list[dict]:
    return chart(at, "survivors.lanes")["data"]["values"]


def lane_order(at) -> list[str]:
    return list(dict.fromkeys(row["name"] for row in sorted(lanes(at), key=lambda r: r["lane"])))


def test_one_lane_per_character_coloured_by_status_with_the_point_of_each_change(explorer, folder):
    at = clean(explorer.open("survivors", as_of="S1E6"))
    rows = lanes(at)
    eve = {row["point"]: row for row in rows if row["name"] == "Eve"}
    assert list(eve) == ["S1E3", "S1E4", "S1E5", "S1E6"]  # from the point she is first seen
    assert [eve[p]["status"] for p in eve] == ["alive", "alive", "infected", "dead"]
    assert [p for p in eve if eve[p]["changed"]] == ["S1E5", "S1E6"]
    assert eve["S1E6"]["was"] == "Infected" and eve["S1E6"]["label"] == "Dead"
    assert set(lane_order(at)) == {"Ann", "Ben", "Cas", "Dee", "Eve", "Fay"}


def test_lanes_sort_by_fate_by_default_and_by_name_from_the_url(explorer, folder):
    at = clean(explorer.open("survivors", as_of="S1E6"))
    assert lane_order(at) == ["Ann", "Eve", "Ben", "Cas", "Dee", "Fay"]  # dead by when, turned, survivors
    at = clean(explorer.open("survivors", as_of="S1E6", sort="first"))
    assert lane_order(at)[-1] == "Fay"
    at.button_group(key="survivors.sort").set_value("name").run()
    assert lane_order(clean(at)) == ["Ann", "Ben", "Cas", "Dee", "Eve", "Fay"]
    assert at.query_params["sort"] == "name"


def test_lanes_follow_the_group_filter_and_the_horizon(explorer, folder):
    at = clean(explorer.open("survivors", as_of="S1E6", group="south"))
    assert set(lane_order(at)) == {"Cas", "Dee", "Fay"}
    early = clean(explorer.open("survivors", as_of="S1E4"))
    assert {row["point"] for row in lanes(early)} <= {"S1E1", "S1E2", "S1E3", "S1E4"}
    assert "Fay" not in lane_order(early)


def test_the_fate_chart_never_counts_an_introduction_as_survival(explorer, folder):
    at = clean(explorer.open("survivors", as_of="S1E6"))
    counts: dict[str, dict[str, int]] = {}
    for row in chart(at, "survivors.fates")["data"]["values"]:
        counts.setdefault(row["point"], {})[row["fate"].split(" (")[0]] = row["count"]
    s1e3 = counts["S1E3"]
    assert s1e3 == {"Introduced here": 2, "Surviving": 2, "Turned or changed": 1}  # Dee and Eve are new
    for before, after in zip(POINTS, POINTS[1:]):  # surviving only grows by those introduced just before
        assert counts[after].get("Surviving", 0) <= counts[before].get("Surviving", 0) + counts[before].get("Introduced here", 0)
    assert counts["S1E6"] == {"Surviving": 3, "Turned or changed": 1, "Dead": 2}  # Ann, Eve dead; Ben infected
