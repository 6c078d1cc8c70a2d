"""The load benchmark's feeds: copies of six examples, or distinct newswire texts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from bench.load import poll_gap
from bench.pipeline import (
    cpu_seconds,
    generate,
    machine_cpu_seconds,
    newswire_templates,
    templates,
)


def test_the_copies_feed_repeats_the_six_dated_examples_a_week_later_each_round() -> None:
    base = templates()
    assert len(base) == 6
    feed = generate(13, "t")
    assert [a.text for a in feed[:6]] == [a.text for a in base]
    assert feed[6].text == base[0].text
    assert feed[6].published_at == base[0].published_at + timedelta(days=7)
    assert feed[12].published_at == base[0].published_at + timedelta(days=14)
    assert len({a.id for a in feed}) == 13


def test_the_newswire_feed_is_distinct_news_of_sample_size() -> None:
    base = newswire_templates()
    assert len(base) == 98
    assert len({a.text for a in base}) == 97  # one TimeBank story is in TBAQ twice
    sizes = [len(a.text) for a in base]
    assert 3200 < sum(sizes) / len(sizes) < 3500
    assert all(a.published_at is not None for a in base)
    feed = generate(100, "t", "newswire")
    assert [a.text for a in feed[:98]] == [a.text for a in base]
    assert feed[98].published_at == base[0].published_at + timedelta(days=7)


def test_cpu_seconds_counts_a_process_and_its_live_children() -> None:
    burn = "import time\nt = time.process_time() + 0.5\nwhile time.process_time() < t: pass\n"
    mine = cpu_seconds(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", burn + "time.sleep(30)"])
    try:
        while cpu_seconds(child.pid) < 0.5:  # the child burns 0.5 s while this one waits
            time.sleep(0.05)
        assert cpu_seconds(os.getpid()) - mine >= 0.5
    finally:
        child.kill()
        child.wait()
    assert cpu_seconds(child.pid) == 0.0  # gone: nothing left to count


def test_machine_cpu_seconds_reads_the_totals_and_the_stolen_part() -> None:
    total, stolen = machine_cpu_seconds()
    later_total, later_stolen = machine_cpu_seconds()
    assert 0 <= stolen <= total <= later_total
    assert stolen <= later_stolen


def test_a_late_probe_is_polled_every_tenth_of_its_age() -> None:
    assert [poll_gap(a) for a in (0.0, 0.99, 1.0, 2.5, 30.0, 120.0)] == pytest.approx(
        [0.05, 0.05, 0.25, 0.25, 3.0, 12.0]
    )
