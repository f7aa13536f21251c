"""Progress of long work for whoever watches it: a bar on a terminal (tqdm), plain lines otherwise.

The library reports counts through callbacks and never prints; the command line and the benchmark
hand it one of these. Both write to standard error, so standard output keeps only results.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class Progress:
    """Files done out of ``total``, articles per second, time left and failures so far. On a
    terminal a bar redrawn in place; elsewhere (a log, a pipe, CI) a plain line at most every
    ``every_s`` seconds and one at the end."""

    def __init__(
        self,
        total: int,
        label: str,
        stream: TextIO | None = None,
        terminal: bool | None = None,
        every_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.label, self.every_s, self.clock = total, label, every_s, clock
        self.stream = stream or sys.stderr
        self.terminal = is_terminal(self.stream) if terminal is None else terminal
        self.done = self.failed = 0
        self.started = clock()
        self._printed_at = self.started
        self._bar = None
        if self.terminal:
            from tqdm import tqdm

            width = _width(self.stream)  # a terminal that tells no width (0 columns): 100
            self._bar = tqdm(total=total, desc=label, file=self.stream, unit=" articles", ncols=width,
                             dynamic_ncols=width is None,
                             bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} files "
                                        "[{elapsed}<{remaining}, {rate_fmt}{postfix}]")  # fmt: skip
            self._bar.set_postfix_str("0 failed", refresh=False)

    def update(self, done: int, failed: int = 0) -> None:
        """The counts so far (not increments): ``done`` files, of which ``failed`` failed."""
        step, self.done, self.failed = done - self.done, done, failed
        if self._bar is not None:
            self._bar.set_postfix_str(f"{failed} failed", refresh=False)
            self._bar.update(step)
        elif self.clock() - self._printed_at >= self.every_s and done < self.total:
            self._print_line()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self.done or self.total:
            self._print_line()

    def line(self) -> str:
        elapsed = self.clock() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else None
        time_left = "done" if self.done >= self.total else (f"{_clock(left)} left" if left is not None else "? left")
        return (f"{self.label}: {self.done:,}/{self.total:,} files, {rate:,.1f} articles/s, {time_left}, "
                f"{self.failed:,} failed")  # fmt: skip

    def _print_line(self) -> None:
        self._printed_at = self.clock()
        print(self.line(), file=self.stream, flush=True)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_) -> None:
        self.close()


class Stage:
    """A step of unknown length (building the gazetteer cache): nothing if it ends within ``delay_s``;
    after that an elapsed-time counter on a terminal, or a line when it starts to show and one when it
    ends elsewhere."""

    def __init__(self, label: str, stream: TextIO | None = None, terminal: bool | None = None, delay_s: float = 2.0):
        self.label, self.delay_s = label, delay_s
        self.stream = stream or sys.stderr
        self.terminal = is_terminal(self.stream) if terminal is None else terminal
        self._stop = threading.Event()
        self._shown = False
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Stage:
        self.started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()
        if self._shown:
            end = "\r\x1b[K" if self.terminal else ""
            print(f"{end}{self.label}: done in {time.monotonic() - self.started:.0f} s", file=self.stream, flush=True)

    def _watch(self) -> None:
        if self._stop.wait(self.delay_s):
            return
        self._shown = True
        if not self.terminal:
            print(f"{self.label}…", file=self.stream, flush=True)
            return
        while not self._stop.is_set():
            seconds = time.monotonic() - self.started
            print(f"\r\x1b[K{self.label}… {seconds:.0f} s", end="", file=self.stream, flush=True)
            self._stop.wait(0.5)


def _width(stream: TextIO) -> int | None:
    try:
        return None if os.get_terminal_size(stream.fileno()).columns else 100
    except (AttributeError, ValueError, OSError):
        return 100


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02}:{rest % 60:02}"
