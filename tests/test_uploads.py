"""Uploads: only with the token, saved by content hash inside the data folder, ingested in the background."""

import base64
import time

from geo.uploads import IngestJobs, decode_upload, save_uploads, token_matches


def test_writing_needs_the_configured_token():
    assert token_matches("s3cret", "s3cret")
    assert not token_matches("s3cre", "s3cret") and not token_matches("", "s3cret") and not token_matches(None, "x")
    assert not token_matches("anything", None)  # no token configured: no writes at all


def test_a_file_is_saved_by_its_hash_whatever_name_it_came_with(tmp_path):
    files = [
        ("../../../etc/cron.d/evil.txt", b"Troops moved near Kharkiv."),
        ("notes.txt", b"Troops moved near Kharkiv."),
    ]
    saved, rejected = save_uploads(files, tmp_path / "uploads", max_files=10, max_bytes=1000)
    assert rejected == [] and len({path for path, _ in saved}) == 1  # the same content is one file
    path, name = saved[0]
    assert path.parent == tmp_path / "uploads" and path.suffix == ".txt" and name.endswith("evil.txt")
    # the document and its sidecar (its title: the name it came with, not its hash), nothing else
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [path.with_suffix(".json").name, path.name]


def test_wrong_types_big_files_and_too_many_files_are_refused_by_name(tmp_path):
    saved, rejected = save_uploads(
        [("run.exe", b"MZ"), ("big.txt", b"x" * 2000), ("ok.md", b"# Fine")], tmp_path, max_files=10, max_bytes=1000
    )
    assert [name for _, name in saved] == ["ok.md"]
    assert [(r.name, r.reason.split()[0]) for r in rejected] == [("run.exe", "not"), ("big.txt", "2,000")]
    _, too_many = save_uploads([(f"{i}.txt", b"x") for i in range(3)], tmp_path, max_files=2, max_bytes=1000)
    assert len(too_many) == 3 and "more than 2 files" in too_many[0].reason


def test_a_browser_upload_decodes_or_says_why_not():
    assert decode_upload("data:text/plain;base64," + base64.b64encode(b"hello").decode()) == b"hello"
    try:
        decode_upload("data:text/plain;base64,not base64!")
    except ValueError as error:
        assert "base64" in str(error)
    else:
        raise AssertionError("bad base64 was accepted")


def test_a_batch_is_ingested_in_the_background_with_progress(pipeline, store, tmp_path):
    files = [("a.txt", b"Officials said troops massed in Kharkiv on Monday."), ("b.txt", b"\x00\x01binary")]
    saved, rejected = save_uploads(files, tmp_path, max_files=10, max_bytes=1000)
    jobs = IngestJobs(lambda: pipeline, store)
    job_id = jobs.submit(saved, rejected, {"outlet": "Example Wire", "published": "2024-10-25"})
    deadline = time.monotonic() + 30
    while not jobs.status(job_id)["finished"] and time.monotonic() < deadline:
        time.sleep(0.05)
    status = jobs.status(job_id)
    assert (status["total"], status["done"], status["added"], status["finished"]) == (2, 2, 1, True)
    assert status["failed"][0][0] == "b.txt" and "binary" in status["failed"][0][1]
    assert store.outlet_names() == [("Example Wire", 1)]
    assert jobs.status("no-such-job") is None


def test_an_upload_is_titled_by_its_headline_or_its_name_not_its_hash(tmp_path):
    from geo.documents import read_document
    from geo.uploads import upload_title

    assert (
        upload_title("a.txt", b"Troops gather near Kursk\n\nOfficials said on Tuesday...") == "Troops gather near Kursk"
    )
    assert upload_title("kursk-report.txt", b"Officials said on Tuesday that troops gathered.") == "kursk-report"
    assert upload_title("b.md", b"---\ntitle: Own title\n---\nBody.") is None  # its front matter says
    assert upload_title("c.html", b"<title>Page</title>") is None  # the page's own title
    ((saved, _),), _ = save_uploads([("kursk-report.txt", b"Officials said that troops gathered.")], tmp_path, 5, 1000)
    assert read_document(saved).title == "kursk-report"
