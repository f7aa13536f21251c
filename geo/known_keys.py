"""The story index's rows of the keys a writing process has read, kept in its memory.

Linking reads, for each index key of a new document's claims, the newest stored claims of that key
whose days meet the claim's (geo.store, ``PER_KEY``). A process that ingests one document after
another meets the same keys again and again (a place's fortnight comes back in every document that
names it), and a query for them was a fifth of linking's time at a million claims. So the process
keeps every row of each key it has read, adds the rows it writes and drops the ones it removes, and
answers from memory what the index would answer.

What it keeps is true of the store at one version (``store_state.version``): a write by another
process moves the version on, and the first write after that finds its version is not the store's
and forgets everything (``opened``). Its own write moves it on only once the transaction commits
(``committed``); a write that failed forgets everything, as its rows were put in already.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Iterable

Row = tuple[int, int, int]  # (claim id, first day, last day), as the index holds it
KEYS_KEPT_ROWS = 400_000  # rows kept at most (about 60 MB), the keys used longest ago let go first


class KnownKeys:
    """Each key's rows, in claim order, for the keys read since the store was last changed by another
    process. One lock: threads that write through one store share it."""

    def __init__(self, capacity_rows: int = KEYS_KEPT_ROWS) -> None:
        self.capacity_rows = capacity_rows
        self._rows: OrderedDict[int, list[Row]] = OrderedDict()
        self._count = 0  # rows kept
        self._lock = threading.Lock()
        self._version: int | None = None  # the store's version what it keeps is true at
        self._writer: int | None = None  # the thread whose write changes it now (its version unknown)

    def __len__(self) -> int:
        return self._count

    def opened(self, version: int) -> None:
        """A write of this thread starts changing the index, the store at ``version`` (read under the
        store's write lock): what was kept at another version is forgotten. Again in one write: nothing."""
        me = threading.get_ident()
        with self._lock:
            if self._writer == me:
                return
            if self._version != version:
                self._forget()
            self._writer, self._version = me, None

    def committed(self, version: int | None) -> None:
        """This thread's write committed, the store now at ``version`` (None: unknown, so forgotten).
        A write that left the index alone (a document of no claims, a correction) and moved the version
        on by one from the one kept changed nothing kept."""
        with self._lock:
            if self._writer != threading.get_ident():
                if self._writer is None and None not in (version, self._version) and version == self._version + 1:
                    self._version = version
                return
            self._writer = None
            if version is None:
                self._forget()
            else:
                self._version = version

    def failed(self) -> None:
        """This thread's write rolled back: the rows it put in or took out are forgotten with the rest."""
        with self._lock:
            if self._writer == threading.get_ident():
                self._forget()

    def newest(self, wanted: Iterable[tuple[int, tuple[int, int]]], limit: int) -> tuple[dict, list[int]]:
        """For each (key, (low, high)) wanted that it keeps: the newest ``limit`` claims of the key
        whose days meet those, newest first (``newest_meeting``); and the keys it does not keep (to be
        read, ``put``)."""
        found, missing = {}, []
        with self._lock:
            rows_of, used = self._rows, self._rows.move_to_end
            for key, (low, high) in wanted:
                rows = rows_of.get(key)
                if rows is None:
                    missing.append(key)
                else:
                    used(key)
                    found[key] = newest_meeting(rows, low, high, limit)
        return found, missing

    def put(self, rows_of_keys: dict[int, list[Row]]) -> None:
        """Every row of these keys, as read from the index (each in claim order; none: a key no claim has)."""
        with self._lock:
            for key, rows in rows_of_keys.items():
                old = self._rows.pop(key, None)
                self._count += len(rows) - (len(old) if old else 0)
                self._rows[key] = rows
            self._within_capacity()

    def add(self, rows: Iterable[tuple[int, int, int, int]]) -> None:
        """Index rows (key, claim id, first day, last day) written: to the keys it keeps (the others
        are read whole when wanted). A row of a key and claim there already takes the new days."""
        with self._lock:
            for key, claim_id, first, last in rows:
                kept = self._rows.get(key)
                if kept is None:
                    continue
                if not kept or kept[-1][0] < claim_id:  # ids grow: nearly always the last
                    kept.append((claim_id, first, last))
                    self._count += 1
                    continue
                at = bisect.bisect_left(kept, (claim_id,))
                if at < len(kept) and kept[at][0] == claim_id:
                    kept[at] = (claim_id, first, last)
                else:
                    kept.insert(at, (claim_id, first, last))
                    self._count += 1
            self._within_capacity()

    def drop(self, rows: Iterable[tuple[int, int]]) -> None:
        """Index rows (key, claim id) removed."""
        with self._lock:
            for key, claim_id in rows:
                kept = self._rows.get(key)
                if not kept:
                    continue
                at = bisect.bisect_left(kept, (claim_id,))
                if at < len(kept) and kept[at][0] == claim_id:
                    del kept[at]
                    self._count -= 1

    def _within_capacity(self) -> None:
        while self._count > self.capacity_rows and self._rows:
            _, rows = self._rows.popitem(last=False)
            self._count -= len(rows)

    def _forget(self) -> None:
        self._rows.clear()
        self._count = 0


def newest_meeting(rows: list[Row], low: int, high: int, limit: int) -> list[int]:
    """The newest ``limit`` claims of a key's rows (in claim order) whose days meet ``low``..``high``,
    newest first: what the index's query of the key gives (geo.store)."""
    found = []
    for claim_id, first, last in reversed(rows):
        if last >= low and first <= high:
            found.append(claim_id)
            if len(found) == limit:
                break
    return found
