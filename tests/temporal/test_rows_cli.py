"""JSONL rows and the ``timewire tag`` command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from streams.commands.tag import tag_command
from temporal.rows import TIMEX_FIELDS, tag_line, tag_row


def test_row_shape() -> None:
    out = tag_row(
        {"id": "a1", "published_at": "2022-02-17", "text": "Russia announced on Tuesday."}
    )
    assert out["id"] == "a1"
    [t] = out["timexes"]
    assert tuple(t) == TIMEX_FIELDS
    assert (t["start"], t["end"], t["value"], t["start_time"]) == (
        20,
        27,
        "2022-02-15",
        "2022-02-15T00:00:00Z",
    )


def test_bad_rows_give_errors() -> None:
    assert "error" in tag_line("{not json")
    assert "error" in tag_line("[1, 2]")
    assert "error" in tag_row({"id": 1, "text": 5})
    out = tag_row({"id": 2, "published_at": "yesterday-ish?", "text": "on Tuesday"})
    assert "error" in out and out["timexes"][0]["value"] == "XXXX-WXX-2"


def test_cli_text(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("They met on Tuesday and will meet again next week.", encoding="utf-8")
    result = CliRunner().invoke(tag_command, ["--published", "2022-02-17", str(src)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(d["text"], d["value"]) for d in data] == [
        ("Tuesday", "2022-02-15"),
        ("next week", "2022-W08"),
    ]


def test_cli_stdin_and_jsonl(tmp_path: Path) -> None:
    result = CliRunner().invoke(tag_command, ["--published", "2022-02-17", "-"], input="today")
    assert json.loads(result.output)[0]["value"] == "2022-02-17"
    rows = tmp_path / "in.jsonl"
    rows.write_text(
        json.dumps({"id": "x", "published_at": "2022-02-17", "text": "since 2014"})
        + "\nnot json\n\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(tag_command, ["--jsonl", str(rows)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0]["timexes"][0]["value"] == "2014"
    assert "error" in lines[1]


def test_cli_bad_published_does_not_crash() -> None:
    result = CliRunner().invoke(tag_command, ["--published", "not a date", "-"], input="on Tuesday")
    assert result.exit_code == 0
