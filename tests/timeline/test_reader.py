"""Reading .txt/.json/.jsonl files and directories into articles; never raising."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.reader import article_from_txt, read_paths, title_of

from .helpers import SAMPLE_DATED, SAMPLE_UNDATED, SAMPLES


def test_samples_as_txt() -> None:
    dated = article_from_txt(SAMPLES / f"{SAMPLE_DATED}.txt")
    assert dated.id == SAMPLE_DATED
    assert (
        dated.title
        == "Russia has been accused of trying to manufacture a fake reason to invade Ukraine."
    )
    assert dated.text.startswith(" date 2022-02-17 Russia")  # the dateline stays for the worker
    assert dated.published_at is None
    undated = article_from_txt(SAMPLES / f"{SAMPLE_UNDATED}.txt")
    assert undated.title is not None and undated.title.startswith(
        "Ukraine-Russia crisis: Boris Johnson"
    )


def test_txt_from_text_and_titles() -> None:
    art = article_from_txt("Headline\n\nBody text.", "my-id")
    assert (art.id, art.title, art.text) == ("my-id", "Headline", "Headline\n\nBody text.")
    assert title_of("One paragraph only without blank line") is None
    assert title_of("date 2022-02-17 Title\n\nBody") == "Title"


def test_json_jsonl_and_directories(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Title A\n\nBody A on Tuesday.", encoding="utf-8")
    (tmp_path / "b.json").write_text(
        json.dumps({"text": "Body B", "published_at": "2022-02-17"}), encoding="utf-8"
    )
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "c1", "text": "C one"})
        + "\n\n"
        + "{broken\n"
        + json.dumps({"id": "c3", "text": ""})
        + "\n"
        + json.dumps({"id": "c4", "text": "C four"})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "ignored.md").write_text("# not an article", encoding="utf-8")
    res = read_paths([tmp_path, tmp_path / "missing.txt"])
    assert [a.id for a in res.articles] == ["b", "c1", "c4", "a"]
    assert res.articles[0].published_at is not None
    errors = {(Path(e.path).name, e.line) for e in res.errors}
    assert errors == {("c.jsonl", 3), ("c.jsonl", 4), ("missing.txt", None)}


def test_bad_files_are_errors_not_exceptions(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "bad.json").write_text("[1, 2", encoding="utf-8")
    (tmp_path / "list.json").write_text(json.dumps([{"id": "x", "text": "t"}, 5]), encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00garbage\x00")
    (tmp_path / "x.csv").write_text("a,b", encoding="utf-8")
    res = read_paths(
        [tmp_path / n for n in ("empty.txt", "bad.json", "list.json", "bin.txt", "x.csv")]
    )
    assert [a.id for a in res.articles] == ["x", "bin"]
    assert {Path(e.path).name for e in res.errors} == {
        "empty.txt",
        "bad.json",
        "list.json",
        "x.csv",
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["a.txt", "a.json", "a.jsonl", "a.bin", "dir"]),
    payload=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
)
def test_reader_never_raises(tmp_path: Path, name: str, payload: bytes) -> None:
    target = tmp_path / name
    if name == "dir":
        target.mkdir(exist_ok=True)
        (target / "x.json").write_bytes(payload)
    else:
        target.write_bytes(payload)
    res = read_paths([target, tmp_path / "nope", 12345])  # type: ignore[list-item]
    assert len(res.articles) + len(res.errors) >= 1
