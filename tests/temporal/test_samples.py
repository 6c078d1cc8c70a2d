"""The two canonical sample articles: every expression the timeline needs."""

from __future__ import annotations

from pathlib import Path

from temporal import tag
from tests.temporal.helpers import PUB, utc


def _mentions(path: Path) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for m in tag(path.read_text(encoding="utf-8"), PUB):
        out.setdefault(m.text, []).append((m.type, m.value))
    return out


def test_dated_sample(samples_dir: Path) -> None:
    found = _mentions(samples_dir / "000_e3aceae16e8957d0.txt")
    assert found["Tuesday"] == [("DATE", "2022-02-15")]
    assert set(found["Thursday"]) == {("DATE", "2022-02-17")}
    assert found["2014"] == [("DATE", "2014")]
    assert found["the last 48 hours"] == [("DURATION", "PT48H")]
    assert found["20 January"] == [("DATE", "2022-01-20")]
    assert found["years ago"] == [("DATE", "PAST_REF")]
    assert found["now"] == [("DATE", "PRESENT_REF"), ("DATE", "PRESENT_REF")]
    assert "7,000" not in found and "We" not in found


def test_undated_sample(samples_dir: Path) -> None:
    path = samples_dir / "001_2f91fa717aa25759.txt"
    found = _mentions(path)
    for surface, value in [
        ("2014", "2014"),
        ("the past 24 hours", "PT24H"),
        ("Thursday", "2022-02-17"),
        ("Today", "2022-02-17"),
        ("the next few days", "PXD"),
        ("eight-year", "P8Y"),
        ("weeks", "PXW"),
        ("a day", "P1D"),
        ("this time of year", "XXXX-02"),
        ("the last 48 hours", "PT48H"),
    ]:
        assert value in [v for _t, v in found[surface]], surface
    assert "Daily" not in found


def test_since_2014_interval_in_sample(samples_dir: Path) -> None:
    text = (samples_dir / "000_e3aceae16e8957d0.txt").read_text(encoding="utf-8")
    [m] = [m for m in tag(text, PUB) if m.text == "2014"]
    assert (m.start_time, m.end_time) == (utc(2014, 1, 1), PUB)


def test_undated_sample_without_anchor(samples_dir: Path) -> None:
    text = (samples_dir / "001_2f91fa717aa25759.txt").read_text(encoding="utf-8")
    found = tag(text, None)
    thursdays = [m for m in found if m.text == "Thursday"]
    assert thursdays and all(m.value == "XXXX-WXX-4" and m.start_time is None for m in thursdays)
    assert [m.value for m in found if m.text == "2014"] == ["2014"]
