"""`running_explorer`, the explorer as a child process that the browser tests, the screenshots and
the browser benchmark share: it answers on a local port, and a process that dies says why."""

from __future__ import annotations

import urllib.request

import pytest

from universe.cli.starting import ExplorerDidNotStart, running_explorer
from universe.exchange.generate import tiny_documents, write_documents


def test_the_explorer_answers_on_a_local_port_and_stops_afterwards(tmp_path):
    write_documents(tmp_path / "data" / "tiny", *tiny_documents())
    log = tmp_path / "streamlit.log"
    with running_explorer(log, {"UNIVERSE_DATA": str(tmp_path / "data")}) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as answer:
            assert answer.read() == b"ok"
    with pytest.raises(OSError):  # stopped: nothing listens there any more
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=30)


def test_a_process_that_dies_at_once_is_reported_with_its_log(tmp_path):
    log = tmp_path / "streamlit.log"
    # An interpreter with no standard library cannot start: the process ends before it answers.
    with pytest.raises(ExplorerDidNotStart) as failure, running_explorer(log, {"PYTHONHOME": str(tmp_path / "none")}):
        pytest.fail("the explorer cannot have started")
    assert "did not start" in str(failure.value)
    assert "encodings" in str(failure.value)  # the end of its log: Python's own reason
