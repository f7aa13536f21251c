"""Progress of long work: a bar redrawn in place on a terminal, plain lines elsewhere, for
``claimsmap ingest`` (in one process and in several) and the gazetteer cache build."""

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios

from click.testing import CliRunner

from geo.cli import main
from geo.progress import Progress, Stage


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_at_most_every_interval_and_one_at_the_end():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(100, "ingest", stream=stream, terminal=False, every_s=10, clock=clock)
    for done in range(1, 101):
        clock.now = done * 0.5  # 2 articles/s
        progress.update(done, failed=done // 40)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 5  # at 10, 20, 30 and 40 s, then the end
    assert lines[0] == "ingest: 20/100 files, 2.0 articles/s, 0:00:40 left, 0 failed"
    assert lines[-1] == "ingest: 100/100 files, 2.0 articles/s, done, 2 failed"
    assert "\r" not in stream.getvalue()


def test_a_bar_on_a_terminal():
    stream = io.StringIO()
    with Progress(8, "ingest", stream=stream, terminal=True) as progress:
        for done in range(1, 9):
            progress.update(done, failed=1 if done > 4 else 0)
    output = stream.getvalue()
    assert "\r" in output  # redrawn in place
    assert re.search(r"ingest: 100%\|.*\| 8/8 files \[.*articles/s, 1 failed\]", output), output


def test_a_long_stage_says_when_it_starts_and_ends_and_a_short_one_says_nothing():
    stream = io.StringIO()
    with Stage("building the gazetteer cache", stream=stream, terminal=False, delay_s=0):
        pass
    with Stage("loading", stream=stream, terminal=False, delay_s=5):
        pass
    lines = stream.getvalue().splitlines()
    assert lines[0] == "building the gazetteer cache…"
    assert re.fullmatch(r"building the gazetteer cache: done in \d+ s", lines[1])
    assert len(lines) == 2


def test_ingest_prints_plain_progress_when_not_on_a_terminal(settings, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    for i, town in enumerate(("Kharkiv", "Odesa", "Sumy")):
        (batch / f"{i}.txt").write_text(f"Troops massed near {town} last week, officials said.", encoding="utf-8")
    (batch / "broken.txt").write_bytes(b"\x00\x01 not text")
    env = {"CLAIMSMAP_CACHE_DIR": str(settings.cache_dir)}
    for extra in ([], ["--processes", "2"]):
        data = tmp_path / f"data{len(extra)}"
        result = CliRunner().invoke(main, ["--data-dir", str(data), "ingest", *extra, str(batch)], env=env)
        assert result.exit_code == 1  # the broken file
        assert re.search(r"^ingest: 4/4 files, [\d.]+ articles/s, done, 1 failed$", result.stderr, re.M), result.stderr
        assert "\r" not in result.stderr
        assert result.stdout.strip() == "3 added, 0 already stored, 1 failed"


def _on_a_terminal(command: list[str], env: dict) -> str:
    """What a command writes to a terminal (a pseudo-terminal as its standard error)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # 40 rows, 120 columns
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=300)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_ingest_draws_a_bar_on_a_terminal(settings, tmp_path, seed_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    for i in range(3):
        (batch / f"{i}.txt").write_text(f"Report {i}.\n\n" + seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    env = dict(os.environ)
    command = [sys.executable, "-m", "geo.cli", "--data-dir", str(tmp_path / "data"), "--cache-dir",
               str(settings.cache_dir), "ingest", str(batch)]  # fmt: skip
    output = _on_a_terminal(command, env)
    assert "\r" in output
    assert re.search(r"ingest: 100%\|.*\| 3/3 files \[[\d:]+<[\d:]+, .*articles/s, 0 failed\]", output), output


def test_the_gazetteer_build_is_announced(settings, tmp_path, seed_path, monkeypatch):
    """A cache directory without the gazetteer: the command says a build is under way and when it
    ended. The build is stubbed (it takes half a minute); what the command prints around it is real."""
    import time

    from geo.pipeline import Pipeline

    pipeline = Pipeline.from_settings(settings)
    monkeypatch.setattr(Pipeline, "from_settings", classmethod(lambda cls, own: time.sleep(0.1) or pipeline))
    options = ["--data-dir", str(tmp_path / "data"), "--cache-dir", str(tmp_path / "empty-cache")]
    result = CliRunner().invoke(main, [*options, "ingest", str(seed_path)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "building the gazetteer cache (first run, about 30 s)…"
    assert re.fullmatch(r"building the gazetteer cache \(first run, about 30 s\): done in \d+ s", lines[1])


def test_a_long_stage_counts_seconds_on_a_terminal():
    import time

    stream = io.StringIO()
    with Stage("building the gazetteer cache", stream=stream, terminal=True, delay_s=0):
        time.sleep(0.7)
    output = stream.getvalue()
    assert output.count("\r\x1b[Kbuilding the gazetteer cache… ") >= 2  # redrawn in place while it runs
    assert output.endswith("building the gazetteer cache: done in 1 s\n") or output.endswith("done in 0 s\n")
