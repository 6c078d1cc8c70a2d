"""Answering for the whole table when several workers hold its partitions.

Each worker iterates only the partitions it owns; a request that reaches any worker asks the others
(their URLs come from Faust's partition assignor) for their local part and combines the answers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp

from streams.app import app
from streams.auth import auth_headers
from streams.settings import get_settings

log = logging.getLogger("timewire.cluster")
PEER_TIMEOUT = aiohttp.ClientTimeout(total=5.0)


def own_url() -> str:
    return str(app.conf.canonical_url).rstrip("/")


def peer_urls() -> list[str]:
    """Web URLs of the other workers of this app, as the last rebalance distributed them."""
    distribution = getattr(app.assignor, "changelog_distribution", None) or {}
    me = own_url()
    return sorted({str(url).rstrip("/") for url in distribution} - {me})


async def gather_from_peers(path: str, params: dict[str, str]) -> tuple[list[Any], list[str]]:
    """GET ``path`` with ``scope=local`` from every peer; return the JSON answers and failures."""
    peers = peer_urls()
    if not peers:
        return [], []
    query = {**params, "scope": "local"}

    headers = auth_headers(get_settings().api_token)
    # the app's one HTTP session (closed with the app): its pooled connections to the peers
    # spare every whole-table request a TCP handshake per peer
    session = app.http_client

    async def one(url: str) -> Any:
        async with session.get(
            f"{url}{path}", params=query, headers=headers, timeout=PEER_TIMEOUT
        ) as resp:
            resp.raise_for_status()
            return await resp.json()

    results = await asyncio.gather(*(one(u) for u in peers), return_exceptions=True)
    answers: list[Any] = []
    failed: list[str] = []
    for url, result in zip(peers, results, strict=True):
        if isinstance(result, BaseException):
            log.warning("peer %s did not answer %s: %s", url, path, result)
            failed.append(url)
        else:
            answers.append(result)
    return answers, failed
