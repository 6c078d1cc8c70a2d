"""The TempEval-3 scorer reproduces the published SynTime platinum scores."""

from __future__ import annotations

import pytest

from bench.tempeval import DATA_DIR, gran_ok, load_jsonl, pair, score


@pytest.fixture(scope="module")
def platinum() -> list[dict[str, object]]:
    path = DATA_DIR / "platinum.jsonl"
    assert path.exists(), f"the shared TempEval-3 data is missing: {path}"
    return load_jsonl(path)


def test_syntime_platinum(platinum: list[dict[str, object]]) -> None:
    s = score(platinum, load_jsonl(DATA_DIR / "pred_syntime_platinum.jsonl"))
    assert [round(100 * s["strict"][k], 2) for k in ("precision", "recall", "f1")] == [
        91.43,
        92.75,
        92.09,
    ]
    assert [round(100 * s["relaxed"][k], 2) for k in ("precision", "recall", "f1")] == [
        94.29,
        95.65,
        94.96,
    ]


def test_dateparser_platinum_matches_shipped_score(platinum: list[dict[str, object]]) -> None:
    s = score(platinum, load_jsonl(DATA_DIR / "pred_dateparser_platinum.jsonl"))
    assert round(s["relaxed"]["f1"], 4) == 0.6894
    assert round(s["value_acc_gran"], 4) == 0.6154
    assert s["value_f1_exact"] == 0.0


def test_pairing_exact_first_then_largest_overlap() -> None:
    gold = [{"start": 0, "end": 10}, {"start": 20, "end": 30}]
    pred = [{"start": 5, "end": 25}, {"start": 0, "end": 10}, {"start": 22, "end": 29}]
    pairs, strict = pair(gold, pred)
    assert strict == 1
    assert sorted(pairs) == [(0, 1), (1, 2)]


def test_gran_ok() -> None:
    assert gran_ok("1998", "1998-03-01", "1998-03-04")
    assert gran_ok("1998-W10", "1998-03-04", "1998-03-04")
    assert gran_ok("1998-Q1", "1998-03-04", "1998-03-04")
    assert gran_ok("PRESENT_REF", "1998-03-04T00:00:00", "1998-03-04")
    assert not gran_ok("P1M", "1998-02-04", "1998-03-04")
