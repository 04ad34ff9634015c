"""The pages' per-version caches (`universe.views.versioncache`): an edited folder's other versions
are dropped from every such cache, the other folders' entries stay, and the record of calls is
as bounded as the cache."""

from __future__ import annotations

import streamlit as st

from universe.views import versioncache
from universe.views.versioncache import drop_other_versions, per_version


def _counted(max_entries: int = 8, cache=st.cache_resource):
    made: list[tuple] = []

    @per_version(cache, max_entries=max_entries)
    def view(key: tuple, detail: str = "") -> tuple:
        made.append((key, detail))
        return key, detail

    return view, made


def test_an_edited_folders_other_versions_are_computed_again_and_other_folders_are_kept():
    view, made = _counted()
    for key in (("/a", "v1", "everything"), ("/a", "v1", "S1E1"), ("/b", "w1", "everything")):
        view(key)
        view(key, detail="x")
    assert len(made) == 6
    view(("/a", "v1", "everything"))  # cached
    assert len(made) == 6
    assert drop_other_versions("/a", "v2") == 4
    view(("/a", "v1", "everything"))  # dropped: computed again
    view(("/b", "w1", "everything"), detail="x")  # another folder's: kept
    assert len(made) == 7
    assert drop_other_versions("/a", "v1") == 0  # the version in use is kept
    view(("/a", "v1", "everything"))
    assert len(made) == 7


def test_folder_and_version_as_the_first_arguments_and_cache_data():
    made = []

    @per_version(st.cache_data, max_entries=4)
    def record(folder: str, version: str, entity: str) -> str:
        made.append(entity)
        return entity

    record("/e", "v1", "alice")
    record("/e", "v1", "alice")
    assert made == ["alice"]
    assert drop_other_versions("/e", None) == 1  # every version of the folder
    record("/e", "v1", "alice")
    assert made == ["alice", "alice"]


def test_the_record_of_calls_is_bounded_like_the_cache():
    view, _ = _counted(max_entries=3)
    for number in range(50):
        view(("/c", "v1", f"S1E{number}"))
    recorded = versioncache._calls["/c"]["v1"]
    assert [len(calls) for calls in recorded.values()] == [3]
    assert drop_other_versions("/c", "v2") == 3


def test_calls_with_unhashable_arguments_still_run():
    made = []

    @per_version(st.cache_resource, max_entries=4)
    def view(key: tuple, kinds: list) -> int:
        made.append(1)
        return len(kinds)

    assert view(("/d", "v1"), ["a", "b"]) == 2
    assert drop_other_versions("/d", "v2") == 0  # never recorded, nothing to clear
