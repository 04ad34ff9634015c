"""Filters offer only the statuses and relation types a viewer at the horizon has seen: at the
first episode of the bundled universe nobody is a hybrid yet, so the Graph and Survivors filters
do not offer "Hybrid" (the option itself would be a spoiler)."""

import pytest
from apptest import Explorer


def options(at, key: str) -> list[str]:
    return list(at.multiselect(key=key).options)


@pytest.mark.parametrize("page, key", [("graph", "graph.statuses"), ("survivors", "survivors.status")])
def test_status_filters_offer_only_what_has_happened(page, key):
    explorer = Explorer()
    explorer.timeout = 120
    early = explorer.open(page, as_of="S1E1")
    late = explorer.open(page, as_of="S1E12")
    assert not early.exception and not late.exception
    assert not any("Hybrid" in o for o in options(early, key))
    assert any("Hybrid" in o for o in options(late, key))


def test_relation_filters_offer_only_what_has_happened():
    explorer = Explorer()
    explorer.timeout = 120
    early = explorer.open("graph", as_of="S1E1")
    assert not early.exception
    assert "killed" not in " ".join(options(early, "graph.relations"))
