"""The live timeline page in Debian's chromium against a real worker and broker.

Each test leaves a full-page screenshot in test-output/browser/ for a person to look at.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.integration.harness import Worker


def _publish_samples(worker: Worker, samples_dir: Path) -> None:
    result = worker.timewire("publish", *sorted(str(p) for p in samples_dir.glob("*.txt")))
    assert result.returncode == 0, result.stderr.decode()
    worker.wait_for(
        "the anchored kindergarten entry",
        lambda: any(
            len({s["article_id"] for s in e["sources"]}) == 2
            for e in worker.get("/api/timeline", {"q": "kindergarten"})["entries"]
        ),
    )
    # the exact merges too: a page read before them may show a preview's grouping
    worker.settle()


def _rows(page: Page) -> list[str]:
    return page.locator("#list tbody tr").all_inner_texts()


def test_page_shows_the_samples_entries(page: Page, worker: Worker, samples_dir: Path) -> None:
    _publish_samples(worker, samples_dir)
    api = worker.get("/api/timeline")
    page.goto(worker.url + "/")
    expect(page.locator("#status")).to_have_text("live")
    expect(page.locator("#list tbody tr")).to_have_count(api["count"])
    expect(page.locator("#summary")).to_have_text(f"{api['count']} entries")
    shelling = page.locator("#list tbody tr", has_text="2022-02-17").filter(has_text="kindergarten")
    expect(shelling.first).to_be_visible()
    # the chart: plotly drew both traces (interval bars and point markers)
    assert page.evaluate("document.getElementById('chart').data.length") == 2
    points = page.evaluate("document.getElementById('chart').data[1].x.length")
    assert points >= 1
    shelling.first.click()
    panel = page.locator("#panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".source")).to_have_count(
        len(
            json.loads(
                json.dumps(
                    next(
                        e
                        for e in worker.get("/api/timeline", {"q": "kindergarten"})["entries"]
                        if e["start"].startswith("2022-02-17") and len(e["sources"]) > 1
                    )["sources"]
                )
            )
        )
    )


def test_filter_narrows_and_survives_a_reload(
    page: Page, worker: Worker, samples_dir: Path
) -> None:
    _publish_samples(worker, samples_dir)
    page.goto(worker.url + "/")
    expect(page.locator("#status")).to_have_text("live")
    total = len(_rows(page))
    page.fill("input[name=q]", "kindergarten")
    page.click("button[type=submit]")
    expected = worker.get("/api/timeline", {"q": "kindergarten"})["count"]
    expect(page.locator("#list tbody tr")).to_have_count(expected)
    assert 0 < expected < total
    assert "q=kindergarten" in page.url
    assert "q=kindergarten" in (page.get_attribute("#export-csv", "href") or "")
    page.reload()
    expect(page.locator("input[name=q]")).to_have_value("kindergarten")
    expect(page.locator("#list tbody tr")).to_have_count(expected)
    page.fill("input[name=from]", "2022-02-17")
    page.fill("input[name=to]", "2022-02-17")
    page.click("button[type=submit]")
    narrowed = worker.get(
        "/api/timeline", {"q": "kindergarten", "from": "2022-02-17", "to": "2022-02-17"}
    )
    expect(page.locator("#list tbody tr")).to_have_count(narrowed["count"])
    for row in _rows(page):
        assert row.startswith("2022-02-17")


def test_a_published_article_appears_live_within_a_second(
    page: Page, worker: Worker, samples_dir: Path
) -> None:
    _publish_samples(worker, samples_dir)
    page.goto(worker.url + "/?q=lighthouse")
    expect(page.locator("#status")).to_have_text("live")
    expect(page.locator("#list tbody tr")).to_have_count(0)
    page.evaluate("window.__sameDocument = true")
    # record when the row first shows up, in the page's own clock
    page.evaluate(
        """() => { new MutationObserver(() => {
               if (!window.__seenAt && document.querySelector('#list tbody tr'))
                   window.__seenAt = Date.now();
           }).observe(document.querySelector('#list tbody'), {childList: true}); }"""
    )
    article = {
        "id": "live-lighthouse",
        "source": "Harbour Herald",
        "published_at": "2022-02-18T08:00:00Z",
        "text": "The old lighthouse at Cape Sable was struck by lightning on Thursday, "
        "the coast guard said.",
    }
    assert worker.timewire("publish", "-", stdin=json.dumps(article).encode()).returncode == 0
    # when the table changed, as the API first shows it (polled tightly)
    deadline = time.time() + 30
    while time.time() < deadline:
        if worker.get("/api/timeline", {"q": "lighthouse"})["count"]:
            table_changed_ms = time.time() * 1000
            break
        time.sleep(0.02)
    else:
        raise AssertionError("the article never reached the table")
    expect(page.locator("#list tbody tr")).to_have_count(1, timeout=5000)
    seen_ms = page.evaluate("window.__seenAt")
    assert seen_ms - table_changed_ms <= 1000, (
        f"appeared {seen_ms - table_changed_ms:.0f} ms after the change"
    )
    assert page.evaluate("window.__sameDocument") is True  # no reload
    expect(page.locator("#list tbody tr").first).to_contain_text("2022-02-17")
    shot(page, "live-update")


def test_article_markup_is_shown_as_text_and_never_runs(page: Page, worker: Worker) -> None:
    hostile = {
        "id": "xss-<script>",
        "title": "<img src=x onerror=\"window.__xss='title'\">",
        "source": "<script>window.__xss='outlet'</script>",
        "url": "javascript:window.__xss='url'",
        "published_at": "2022-02-18T09:00:00Z",
        "text": (
            "The council met <script>window.__xss='text'</script> on Thursday "
            "and approved the <img src=x onerror=\"window.__xss='img'\"> budget, the mayor said."
        ),
    }
    assert worker.timewire("publish", "-", stdin=json.dumps(hostile).encode()).returncode == 0
    worker.wait_for(
        "the hostile article", lambda: worker.get("/api/timeline", {"q": "council"})["count"]
    )
    page.goto(worker.url + "/?q=council")
    row = page.locator("#list tbody tr").first
    expect(row).to_contain_text("<script>", timeout=10000)
    row.click()
    panel = page.locator("#panel")
    expect(panel).to_contain_text("<img src=x onerror=")
    expect(panel).to_contain_text("<script>window.__xss='outlet'</script>")
    page.hover("#chart .points path", force=True) if page.locator(
        "#chart .points path"
    ).count() else None
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#panel a").count() == 0  # a javascript: url is never made a link
    assert page.locator("#list img, #panel img, #list script, #panel script").count() == 0


def test_connection_indicator_recovers_when_the_worker_restarts(page: Page, worker: Worker) -> None:
    page.goto(worker.url + "/")
    expect(page.locator("#status")).to_have_text("live")
    worker.stop()
    expect(page.locator("#status")).to_have_text("reconnecting…", timeout=15000)
    shot(page, "worker-down")
    worker.start()
    expect(page.locator("#status")).to_have_text("live", timeout=30000)


def test_live_update_keeps_zoom_filters_and_the_open_panel(
    page: Page, worker: Worker, samples_dir: Path
) -> None:
    _publish_samples(worker, samples_dir)
    page.goto(worker.url + "/?from=2022-02-01&to=2022-03-31")
    expect(page.locator("#status")).to_have_text("live")
    before = len(_rows(page))
    page.locator("#list tbody tr", has_text="kindergarten").first.click()
    title = page.locator("#panel h2").inner_text()
    zoom = ["2022-02-15 00:00:00", "2022-02-19 00:00:00"]
    page.evaluate(f"Plotly.relayout('chart', {{'xaxis.range': {json.dumps(zoom)}}})")
    article = {
        "id": "live-keeps-view",
        "source": "Harbour Herald",
        "published_at": "2022-03-10T08:00:00Z",
        "text": "Dock workers in Gdynia walked out on Tuesday over pay, the union said.",
    }
    assert worker.timewire("publish", "-", stdin=json.dumps(article).encode()).returncode == 0
    expect(page.locator("#list tbody tr", has_text="Gdynia")).to_have_count(1, timeout=30000)
    assert len(_rows(page)) > before
    expect(page.locator("#panel")).to_be_visible()
    expect(page.locator("#panel h2")).to_have_text(title)
    assert page.evaluate("document.getElementById('chart').layout.xaxis.range") == zoom
    assert "from=2022-02-01" in page.url and "entry=" in page.url
    expect(page.locator("input[name=from]")).to_have_value("2022-02-01")
