"""What the app keeps for as long as it runs: a loaded universe, out of the collector's passes.

A universe of 20,000 entities and 100,000 statements is about a million objects, made at once
and kept (shared by every session) until its files change. Python's cyclic garbage collector
walks young objects again and again: the first passes after such a load walked the whole
universe three times (young, middle, old generation) and found nothing to free, a tenth of the
explorer's first page in CPU. `kept_for_long` runs a load with the collector paused and, when
the load made many objects, moves everything alive to the collector's permanent generation
(`gc.freeze`), which its passes skip.

What this costs: an object frozen there is freed by reference counting as usual, but a
reference cycle among frozen objects is collected only once unfrozen. A loaded universe holds
none (its parts are immutable values: dropping one frees it all, `tests/test_app_startup.py`
checks), so an evicted version is freed at once; what else was frozen (the cycles a load after
an edit leaves behind, the server's objects alive at the load) is unfrozen and collected by the
next load, before it runs: one full collection per later load, where the collector's own
passes over a new universe would have made three.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["FREEZE_FROM", "kept_for_long"]

#: A load that made at least this many objects (tracked by the collector, net of those freed)
#: is frozen; a smaller one costs the collector little (a 1,000-entity universe: milliseconds).
FREEZE_FROM = 200_000


@contextmanager
def kept_for_long(threshold: int | None = None) -> Iterator[None]:
    """Run the block with the collector paused; if it made `threshold` (`FREEZE_FROM`) objects
    or more, freeze everything alive before the collector runs again."""
    threshold = FREEZE_FROM if threshold is None else threshold
    if gc.get_freeze_count():  # an earlier load's: hand it back, and free what has died since
        gc.unfreeze()
        gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] >= threshold:  # objects made (net) since the last collection
            gc.freeze()
        if collecting:
            gc.enable()
