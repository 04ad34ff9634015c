"""`statementids.derived_base` is its definition: the non-empty parts joined by ``/``."""

from __future__ import annotations

import itertools

from universe.storage.statementids import derived_base, value_key


def test_derived_base_joins_the_non_empty_parts():
    for subject, relation, obj, value, start in itertools.product(
        ("alice", "", "a/b"), ("friend", ""), (None, "", "bob"), (None, "", "12 Million!", "---"), (None, "", "S1E2"),
    ):
        expected = "/".join([x for x in (subject, relation, obj or value_key(value), start) if x])
        assert derived_base(subject, relation, obj, value, start) == expected
