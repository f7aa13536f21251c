"""Which inputs make extraction super-linear: each text is a short article plus one unit repeated to
20,000 and to 40,000 characters; a time that more than triples when the text doubles is flagged.

    python scripts/audit_linear.py [UNIT ...]
"""

from __future__ import annotations

import sys
import time

from geo.documents import make_document
from geo.pipeline import Pipeline
from geo.settings import Settings

UNITS = [" ", "a ", "A", "A ", "Aa ", "1", "1,", "-", "--", ".", "'", "a.", "A. ", "(", "<a", ", ", "; ", "Kyiv ",
         "the ", "Mr ", "said ", "a-", "A-", "Paris, ", "in Kyiv. ", "about 300 ", "(ISW) ", " but"]  # fmt: skip


def main() -> None:
    pipeline = Pipeline.from_settings(Settings())
    for unit in sys.argv[1:] or UNITS:
        times = []
        for size in (20_000, 40_000):
            text = "Officials said troops moved. " + unit * (size // len(unit)) + " The end."
            started = time.perf_counter()
            pipeline.extract(make_document(text, {}, "audit"))
            times.append(time.perf_counter() - started)
        flag = "super-linear" if times[1] > 3 * times[0] and times[1] > 0.3 else ""
        print(f"{unit!r:14} {times[0]:7.2f} s {times[1]:7.2f} s  {flag}", flush=True)


if __name__ == "__main__":
    main()
