"""Hostile and broken documents: each is refused with an error naming the file and the reason in
plain words, or accepted whole, and a store that already holds a good document is left as it was.

Small files live in ``tests/data/bad_documents/``; binary and large ones are made here at test time.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo.documents import read_document
from geo.errors import DocumentError
from geo.ingest import ingest_files
from geo.store import ClaimFilter, documents

BAD = Path(__file__).parent / "data" / "bad_documents"
GOOD_TEXT = "Drones struck Belgorod overnight, the governor said on Tuesday."
SENTENCE = "Officials said troops massed near Kharkiv on Monday."


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", SENTENCE)
    return buffer.getvalue()


# Made at test time: name → bytes.
GENERATED = {
    "nul_bytes.txt": SENTENCE.encode() + b"\x00\x00" + SENTENCE.encode(),
    "png_header.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    "zip_archive.txt": _zip(),
    "utf16_bom.txt": SENTENCE.encode("utf-16"),
    "utf16_no_bom.txt": SENTENCE.encode("utf-16-le"),
    "report.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    "letter.docx": b"PK\x03\x04" + _zip()[4:],
    "punycode_charset.html": f'<meta charset="punycode"><p>{SENTENCE}</p>'.encode(),
    "nested_divs.html": b"<div>" * 1_000_000 + SENTENCE.encode(),  # 5 MB: an hour of parsing without the guard
    "self_closed_divs.html": b"<div/>" * 200_000 + SENTENCE.encode(),  # "/>" does not close a <div>
    "deep_yaml.md": b"---\ntitle: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n" + SENTENCE.encode(),
    "long_number.md": b"---\npublished: " + b"7" * 5000 + b"\n---\n" + SENTENCE.encode(),
    "deep_sidecar.txt": SENTENCE.encode(),
    "deep_sidecar.json": b"[" * 100_000 + b"]" * 100_000,
}

# File → what the error must say (besides the file's path).
REFUSED = {
    "empty.txt": "holds no text",
    "whitespace.txt": "holds no text",
    "only_markup.html": "holds no text",
    "nul_bytes.txt": "binary content (NUL bytes)",
    "png_header.txt": "binary content (NUL bytes)",
    "zip_archive.txt": "binary content (NUL bytes)",
    "utf16_bom.txt": "UTF-16 text; convert it to UTF-8",
    "utf16_no_bom.txt": "or UTF-16 text not converted",
    "latin1.txt": "not UTF-8 text (byte 46); convert it to UTF-8",
    "mixed_utf8_latin1.txt": "not UTF-8 text (byte 54)",
    "unknown_charset.html": "unknown character set 'x-klingon-7'",
    "punycode_charset.html": "not punycode text; convert it to UTF-8",
    "report.pdf": "unsupported file type '.pdf'; supported: ('.txt'",
    "letter.docx": "unsupported file type '.docx'",
    "front_matter_unclosed.md": "front matter opened with '---' on the first line is never closed",
    "front_matter_not_yaml.md": "front matter is not valid YAML",
    "front_matter_list.md": "front matter must be a mapping of field: value",
    "front_matter_impossible_date.md": "publication date '2024-13-45' is not YYYY-MM-DD, YYYY-MM or YYYY",
    "front_matter_relative_date.md": "publication date 'yesterday' is not YYYY-MM-DD",
    "front_matter_alias_bomb.md": "title must be text, not a list",
    "deep_yaml.md": "front matter is nested too deeply to read",
    "long_number.md": "front matter is not valid YAML: Exceeds the limit (4300 digits)",
    "bad_sidecar.txt": "metadata file is not valid JSON",
    "deep_sidecar.txt": "metadata file is not valid JSON: maximum recursion depth",
    "sidecar_title_object.txt": "title must be text, not a dict",
    "nested_divs.html": "HTML elements nested 1,000,000 deep, over the limit of 512",
    "self_closed_divs.html": "HTML elements nested 200,000 deep",
}
# The sidecar, not the document, is the file at fault.
BLAMED = {"bad_sidecar.txt": "bad_sidecar.json", "deep_sidecar.txt": "deep_sidecar.json"}


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The committed bad documents and the generated ones, side by side in one folder."""
    folder = tmp_path / "bad_documents"
    folder.mkdir()
    for path in BAD.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    for name, content in GENERATED.items():
        (folder / name).write_bytes(content)
    return folder


@pytest.fixture
def good_store(pipeline, store, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    assert ingest_files([good], pipeline, store).added == 1
    return store


def stored_state(store) -> tuple:
    """Everything a failed ingest must leave alone: the counts, every document and every claim with its places."""
    with store.engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(sa.select(documents).order_by(documents.c.id))]
    return store.counts(), rows, store.all_places_with_claims(ClaimFilter())


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_bad_document_is_refused_by_name_and_the_store_is_untouched(name, corpus, pipeline, good_store):
    path = corpus / name
    blamed = str(corpus / BLAMED.get(name, name))
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    assert refused.value.path == blamed and REFUSED[name] in refused.value.reason
    assert str(refused.value).startswith(blamed + ": ")

    before = stored_state(good_store)
    report = ingest_files([path], pipeline, good_store)
    assert (report.added, report.skipped) == (0, 0)
    [(failed_path, error)] = report.failed
    assert failed_path == path and REFUSED[name] in str(error) and blamed in str(error)
    assert stored_state(good_store) == before


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(corpus, pipeline, good_store):
    path = corpus / "big.txt"
    path.write_text(SENTENCE * 30, encoding="utf-8")  # 1,560 bytes
    with pytest.raises(DocumentError, match=r"big\.txt: 1,560 bytes is over the limit of 1,024"):
        read_document(path, max_bytes=1024)
    before = stored_state(good_store)
    report = ingest_files([path], pipeline, good_store, max_bytes=1024)
    assert "over the limit of 1,024" in str(report.failed[0][1])
    assert stored_state(good_store) == before


def test_a_folder_of_bad_documents_stores_only_the_good_ones(corpus, pipeline, good_store):
    before = stored_state(good_store)
    paths = [corpus / name for name in sorted(REFUSED)]
    report = ingest_files(paths, pipeline, good_store)
    assert [p.name for p, _ in report.failed] == sorted(REFUSED) and report.added == 0
    assert stored_state(good_store) == before
    print(f"\n{len(REFUSED) + 1} bad documents refused, {len(ACCEPTED)} hostile or foreign ones accepted")


# Accepted: text in other scripts, and pages whose markup or metadata is hostile, with the text expected.
ACCEPTED = {
    "cyrillic.txt": "Бои под Харьковом продолжаются, заявили в штабе.\n"
    "Власти сообщили, что войска сосредоточены у Курска.\n",
    "korean.txt": "러시아군이 하르키우 인근에 집결했다고 관리들이 밝혔다.\n"
    "우크라이나 국방부는 월요일에 드론 공격이 있었다고 말했다.\n",
    "hostile_markup.html": f"{SENTENCE}\n\nThe governor said drones struck Sumy overnight.",
    "hostile_metadata.html": SENTENCE,
    "impossible_published_time.html": SENTENCE,
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_foreign_scripts_and_hostile_pages_are_stored_with_exact_offsets(name, corpus, pipeline, good_store):
    document = read_document(corpus / name)
    assert document.text == ACCEPTED[name]
    for absent in ("__pwned", "javascript", "svg text", "noscript", "<"):
        assert absent not in document.text
    extraction = pipeline.extract(document)
    for item in extraction.claims:
        assert document.text[item.claim.start : item.claim.end] == item.claim.text
        for placed in item.places:
            assert document.text[placed.place.start : placed.place.end] == placed.place.mention

    before = stored_state(good_store)
    report = ingest_files([corpus / name], pipeline, good_store)
    assert (report.added, report.failed) == (1, [])
    assert good_store.counts()["documents"] == before[0]["documents"] + 1
    with good_store.engine.connect() as conn:
        stored = conn.execute(sa.select(documents).where(documents.c.id == document.doc_id)).one()
    assert stored.text == document.text


def test_hostile_metadata_is_kept_as_text_or_dropped_never_trusted(corpus):
    document = read_document(corpus / "hostile_metadata.html")
    assert document.title == "<script>window.__pwned=1</script>"  # text: escaping is the display's job
    assert document.outlet == "<img src=x onerror=window.__pwned=1>"
    assert document.url is None  # a javascript: address is no article's address
    assert document.published is None  # "garbage-not-a-date" stays unknown
    assert read_document(corpus / "impossible_published_time.html").published is None


def test_a_sentence_of_100000_characters_is_handled_within_seconds(pipeline, good_store, tmp_path):
    words = "and the column of armoured vehicles kept moving along the road "
    text = "Officials said troops massed near Kharkiv " + words * (100_000 // len(words))
    text = text[:99_999] + "."
    path = tmp_path / "long_sentence.txt"
    path.write_text(text, encoding="utf-8")
    assert len(text) == 100_000
    started = time.perf_counter()
    report = ingest_files([path], pipeline, good_store)
    elapsed_s = time.perf_counter() - started
    print(f"\n100,000-character sentence: read, extracted and stored in {elapsed_s:.2f} s")
    assert elapsed_s < 20
    assert (report.added, report.failed) == (1, [])
    with good_store.engine.connect() as conn:
        assert conn.execute(sa.select(documents.c.text).where(documents.c.path == str(path))).scalar() == text
