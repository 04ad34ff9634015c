"""Shared fixtures: small universes written to temporary folders, and the explorer under AppTest.

Constants and helpers live in modules of their own (`universes`, `apptest`): tests import them
from there, never from a conftest (tests/e2e has its own conftest, and both are named conftest).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest import Explorer
from universes import HOSTILE, hostile_documents  # noqa: F401  (kept importable from here)

from universe.exchange.generate import tiny_documents, write_documents


@pytest.fixture
def tiny_root(tmp_path) -> Path:
    """A data folder holding the tiny universe (``tiny``)."""
    universe, facts = tiny_documents()
    write_documents(tmp_path / "tiny", universe, facts)
    return tmp_path


@pytest.fixture
def hostile_root(tmp_path) -> Path:
    """A data folder holding the hostile universe (``hostile``) and the tiny one."""
    universe, facts = hostile_documents()
    write_documents(tmp_path / "hostile", universe, facts)
    tiny_universe, tiny_facts = tiny_documents()
    write_documents(tmp_path / "tiny", tiny_universe, tiny_facts)
    return tmp_path


@pytest.fixture
def invalid_root(tmp_path) -> Path:
    """A data folder whose only universe (``broken``) refers to an entity that does not exist."""
    universe, facts = tiny_documents()
    universe["id"] = "broken"
    facts["facts.yaml"]["statements"].append({"subject": "alice", "relation": "friend", "object": "nobody-at-all"})
    write_documents(tmp_path / "broken", universe, facts)
    return tmp_path


@pytest.fixture
def data_root(monkeypatch):
    """Point the app at a data folder: ``data_root(path)`` sets UNIVERSE_DATA for this test."""

    def use(path: Path) -> Path:
        monkeypatch.setenv("UNIVERSE_DATA", str(path))
        return path

    return use


@pytest.fixture
def explorer() -> Explorer:
    return Explorer()
