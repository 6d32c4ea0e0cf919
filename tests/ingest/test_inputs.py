"""read_inputs over files and folders: text and HTML readers, walking, and every bad-input reason."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from detente.ingest import document_from_html, read_inputs
from detente.schemas import Document, Skipped

ARTICLE = (
    "Ministers discuss trade routes\n\n"
    "Officials from both countries met in the capital on Monday to discuss new trade routes. "
    "The talks covered energy, transport and the timetable for a free trade agreement, and a "
    "joint statement is expected at the end of the visit, diplomats said on Tuesday.\n"
)
GERMAN = (
    "Die Außenminister beider Länder trafen sich am Montag in der Hauptstadt, um über neue "
    "Handelswege zu sprechen. Die Gespräche betrafen Energie, Verkehr und den Zeitplan für ein "
    "Freihandelsabkommen; eine gemeinsame Erklärung wird zum Ende des Besuchs erwartet.\n"
)


def only(results: object) -> Document | Skipped:
    (result,) = list(results)  # type: ignore[call-overload]
    return result


def skip_reason(path: Path, **options: object) -> str:
    result = only(read_inputs([path], **options))  # type: ignore[arg-type]
    assert isinstance(result, Skipped), result
    assert result.input == str(path)
    return result.reason


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story-1.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = only(read_inputs([path]))
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.path, doc.title, doc.lang) == (
        "story-1",
        str(path),
        "Ministers discuss trade routes",
        "en",
    )


def test_text_file_with_bom_utf16_and_cp1252(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(ARTICLE.encode("utf-16"))
    cp1252 = tmp_path / "cp1252.txt"
    cp1252.write_bytes("Caf\xe9 owners said \u201cprices\u201d rose.\n".encode("cp1252"))
    docs = list(read_inputs([bom, utf16, cp1252]))
    assert all(isinstance(d, Document) for d in docs)
    assert docs[0].text == docs[1].text  # type: ignore[union-attr]
    assert docs[2].text == "Café owners said “prices” rose."  # type: ignore[union-attr]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path: Path, encoding: str) -> None:
    path, plain = tmp_path / "windows.txt", tmp_path / "plain.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    plain.write_text(ARTICLE, encoding="utf-8")
    doc, same = read_inputs([path, plain])
    assert isinstance(doc, Document) and doc.text == same.text  # type: ignore[union-attr]


def test_html_file(fixtures: Path) -> None:
    doc = only(read_inputs([fixtures / "summit.html"]))
    assert isinstance(doc, Document)
    assert doc.doc_id == "summit"
    assert doc.title == "Leaders meet at regional summit"
    assert (doc.published, doc.author, doc.source) == ("2018-11-14", "Jane Roe", "Example Herald")
    assert doc.url == "https://herald.example.com/world/2018/11/14/leaders-meet"
    assert "met in Singapore on Wednesday" in doc.text
    for furniture in ("Contact Us", "Share it", "All rights reserved", "Privacy Policy"):
        assert furniture not in doc.text


def test_html_without_article_text(fixtures: Path) -> None:
    assert skip_reason(fixtures / "gallery_page.html") == "no article text found in the HTML"


def test_document_from_html_accepts_text() -> None:
    html = (Path(__file__).parents[1] / "fixtures" / "ingest" / "summit.html").read_text(encoding="utf-8")
    doc = document_from_html(html, doc_id="s", url="https://example.org/s")
    assert doc.url == "https://example.org/s"
    assert doc.published == "2018-11-14"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\r\n ", "only whitespace"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
        ("binary.html", b"<html>\x00\x01\x02</html>", "binary file (contains NUL bytes)"),
        ("latin.txt", b"caf\xe9 \x81\x8d\x8f", "not valid UTF-8 or cp1252 text"),
        (
            "controls.txt",
            b"\xe9" + bytes(range(1, 9)) * 20,
            "not valid UTF-8 and does not look like cp1252 text",
        ),
        ("boiler.txt", b"Share it\n\nRecent Posts\n", "no text left after removing boilerplate"),
        ("notes.md", b"# Notes\n", "unsupported file type .md"),
        ("Makefile", b"all:\n", "unsupported file type (no extension)"),
        ("broken.csv", b"", "empty CSV file (no header row)"),
        ("binary.jsonl", b'{"text": "a"}\n\x00\x00\x00', "binary file (contains NUL bytes)"),
        ("fake.txt.gz", b"not gzip at all", "damaged compressed file (Not a gzipped file (b'no'))"),
        (
            "cut.jsonl.gz",
            b"\x1f\x8b\x08\x00garbage",
            "damaged compressed file (Compressed file ended before the end-of-stream marker was reached)",
        ),
    ],
)
def test_bad_file_reasons(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert skip_reason(path) == reason


def test_not_english(tmp_path: Path) -> None:
    path = tmp_path / "german.txt"
    path.write_text(GERMAN, encoding="utf-8")
    assert skip_reason(path) == "not English (detected language: de)"


def test_short_text_is_not_judged_for_language(tmp_path: Path) -> None:
    path = tmp_path / "kurz.txt"
    path.write_text("Die Minister trafen sich am Montag.", encoding="utf-8")
    doc = only(read_inputs([path]))
    assert isinstance(doc, Document) and doc.lang == "en"


def test_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert skip_reason(path, max_bytes=100) == f"over the size limit ({len(ARTICLE.encode())} > 100 bytes)"


def test_missing_path(tmp_path: Path) -> None:
    assert skip_reason(tmp_path / "nowhere.txt") == "no such file or folder"


def test_folder_walk_is_recursive_sorted_and_skips_noise(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "b/10.txt", "a.txt", "c/deep/z.txt", ".hidden/x.txt", ".x.txt", "a.txt~"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "README.txt").write_text("How these files were collected.", encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("?", encoding="utf-8")
    results = list(read_inputs([tmp_path]))
    seen = [r.path if isinstance(r, Document) else f"{r.input} -> {r.reason}" for r in results]
    root = str(tmp_path)
    assert seen == [
        f"{root}/a.txt",
        f"{root}/b/10.txt",
        f"{root}/b/2.txt",
        f"{root}/c/deep/z.txt",
        f"{root}/notes.xyz -> unsupported file type .xyz",
    ]


def test_readme_named_explicitly_is_read(tmp_path: Path) -> None:
    path = tmp_path / "README.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert isinstance(only(read_inputs([path])), Document)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [d.doc_id for d in read_inputs([tmp_path])] == ["a"]  # type: ignore[union-attr]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_broken_link_in_a_folder_is_skipped_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    first, second = read_inputs([tmp_path])
    assert isinstance(first, Document) and second == Skipped(
        str(tmp_path / "gone.txt"), "broken symbolic link (its target does not exist)"
    )


def test_streaming_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    results = read_inputs([path, tmp_path / "missing.txt"])
    assert isinstance(next(results), Document)
    assert isinstance(next(results), Skipped)


def test_files_of_one_name_from_several_folders_keep_ids_of_their_own(tmp_path: Path) -> None:
    for folder, words in (("a", "Russia and China agreed."), ("b", "India and Japan met."), ("c", "Peru spoke.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(words, encoding="utf-8")
        (tmp_path / folder / "feed.jsonl").write_text(json.dumps({"text": f"{words} Again."}) + "\n")
    (tmp_path / "a" / "index~2.txt").write_text("Chile and Brazil spoke.", encoding="utf-8")
    docs = list(read_inputs([tmp_path / "a", tmp_path / "b", tmp_path / "c"]))
    assert [d.doc_id for d in docs] == [  # type: ignore[union-attr]
        "feed:1", "index", "index~2", "feed~2:1", "index~3", "feed~3:1", "index~4",
    ]  # fmt: skip
    paths = [d.path for d in docs]  # type: ignore[union-attr]
    assert paths[1:3] == [str(tmp_path / "a" / "index.txt"), str(tmp_path / "a" / "index~2.txt")]
