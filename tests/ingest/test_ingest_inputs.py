"""read_inputs: folders, dispatch by format, and every kind of unreadable input."""

from __future__ import annotations

import builtins
import os

import pytest

from communique.ingest import SUPPORTED_EXTENSIONS, _io, read_inputs

from .helpers import read_all, write_jsonl


def test_supported_extensions() -> None:
    expected = {".txt", ".text", ".md", ".jsonl", ".ndjson", ".jsonl.gz", ".csv", ".csv.gz", ".tsv", ".html", ".htm"}
    assert expected <= set(SUPPORTED_EXTENSIONS)


def test_folder_is_walked_recursively_in_name_order_skipping_hidden_readme_and_unknown(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a-b").mkdir()
    (tmp_path / ".hidden").mkdir()
    files = {
        "z.txt": "Z.", "b/2.md": "B2.", "b/1.TXT": "B1.", "a-b/x.txt": "AB.", "a.txt": "A.",
        ".secret.txt": "hidden", ".hidden/h.txt": "hidden dir", "README.md": "readme", "b/readme.txt": "readme",
        "notes.pdf": "unknown", "data.json": "unknown",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    write_jsonl(tmp_path / "b" / "3.jsonl", [{"text": "B3 first."}, {"text": "B3 second."}])
    articles, problems = read_all(tmp_path)
    assert problems == []
    # names compare as strings at each level ("a-b" < "a.txt"), a folder's files where its name sorts
    assert [a.text for a in articles] == ["AB.", "A.", "B1.", "B2.", "B3 first.", "B3 second.", "Z."]
    assert articles[1].origin == str(tmp_path / "a.txt")


def test_symlink_loops_are_walked_once(tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A.", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    articles, problems = read_all(tmp_path)
    assert [a.text for a in articles] == ["A."] and problems == []


def test_paths_are_read_in_the_order_given_and_a_single_path_is_accepted(tmp_path) -> None:
    (tmp_path / "1.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "2.txt").write_text("Two.", encoding="utf-8")
    assert [a.text for a in read_all(tmp_path / "2.txt", tmp_path / "1.txt")[0]] == ["Two.", "One."]
    assert [a.text for a in read_inputs(str(tmp_path / "1.txt"))] == ["One."]
    assert [a.text for a in read_inputs(tmp_path / "2.txt")] == ["Two."]


def test_fmt_overrides_the_extension(tmp_path) -> None:
    path = write_jsonl(tmp_path / "export.dat", [{"text": "Cuba thanked Vietnam."}])
    (article,), problems = read_all(path, fmt="jsonl")
    assert (article.text, article.source, problems) == ("Cuba thanked Vietnam.", "export.dat", [])


def test_unknown_fmt_or_field_raises_at_once() -> None:
    with pytest.raises(ValueError, match="xml"):
        read_inputs(["x"], fmt="xml")
    with pytest.raises(ValueError, match="body"):
        read_inputs(["x"], field_map={"body": "text"})


def test_unsupported_file_named_explicitly_is_reported(tmp_path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.4")
    good = tmp_path / "good.txt"
    good.write_text("Good.", encoding="utf-8")
    articles, (problem,) = read_all(path, good)
    assert [a.text for a in articles] == ["Good."]
    assert problem.origin == str(path) and problem.line is None and "unsupported file type" in problem.message


def test_nonexistent_path_is_reported_and_the_rest_read(tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    articles, (problem,) = read_all(missing, good)
    assert [a.text for a in articles] == ["Good."]
    assert str(problem) == f"{missing}: no such file or directory"


def test_unreadable_file_is_reported_and_the_rest_read(tmp_path, monkeypatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret.", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Good.", encoding="utf-8")

    def refusing_open(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(_io, "open", refusing_open, raising=False)  # works even when run as root
    articles, (problem,) = read_all(locked, good)
    assert [a.text for a in articles] == ["Good."]
    assert str(problem) == f"{locked}: cannot read: permission denied"


def test_empty_and_whitespace_text_files_are_reported(tmp_path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b" \n\t\n")
    (tmp_path / "c.txt").write_text(" date 2021-09-22 ", encoding="utf-8")
    (tmp_path / "d.txt").write_text("Good.", encoding="utf-8")
    articles, problems = read_all(tmp_path)
    assert [a.text for a in articles] == ["Good."]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'a.txt'}: empty file",
        f"{tmp_path / 'b.txt'}: empty file (no text)",
        f"{tmp_path / 'c.txt'}: no text after the date token",
    ]


@pytest.mark.parametrize("name", ["blob.txt", "blob.jsonl", "blob.csv", "blob.html"])
def test_binary_file_is_reported_and_the_rest_read(tmp_path, name) -> None:
    binary = tmp_path / name
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    good = tmp_path / "good.txt"
    good.write_text("Good.", encoding="utf-8")
    articles, (problem,) = read_all(binary, good)
    assert [a.text for a in articles] == ["Good."]
    assert str(problem) == f"{binary}: binary file (NUL bytes in the first 8 KB), skipped"


def test_invalid_utf8_text_file_is_reported_and_decoded_as_cp1252(tmp_path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 con le\xf1a \x96 Havana.".encode("latin-1"))
    (article,), (problem,) = read_all(path)
    assert article.text == "Café con leña – Havana."
    assert str(problem) == f"{path}: invalid UTF-8 at byte 3 (line 1), decoded as cp1252"


def test_not_gzip_is_reported(tmp_path) -> None:
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(b'{"text": "not compressed"}\n')
    good = tmp_path / "good.txt"
    good.write_text("Good.", encoding="utf-8")
    articles, (problem,) = read_all(path, good)
    assert [a.text for a in articles] == ["Good."]
    assert problem.origin == str(path) and "gzip" in problem.message.lower()


def test_ids_are_stable_across_reads_of_a_folder(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("HAVANA (PL) - Cuba thanked Vietnam.", encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", [{"text": "Rice arrived."}, {"text": "Rice arrived.", "source": "VNA"}])
    (tmp_path / "c.csv").write_text("text\nDoses were sent.\n", encoding="utf-8")
    first = [a.id for a in read_all(tmp_path)[0]]
    second = [a.id for a in read_all(tmp_path)[0]]
    assert first == second and len(set(first)) == 4
