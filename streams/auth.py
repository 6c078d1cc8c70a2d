"""API token for workers reachable beyond loopback.

On loopback (the default) the API is open, as any local tool's is. A worker bound to another
address must have ``TIMEWIRE_API_TOKEN``; every request then carries it, as
``Authorization: Bearer <token>`` or, for the page and its event stream, ``?token=<token>``.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def supplied_token(request: web.Request) -> str:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header.removeprefix("Bearer ").strip()
    return request.query.get("token", "")


def token_middleware(token: str) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    expected = token.encode()

    @web.middleware
    async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
        # the page and its static files hold no data; everything under /api/ does
        if not request.path.startswith("/api/"):
            return await handler(request)
        if not hmac.compare_digest(supplied_token(request).encode(), expected):
            return web.json_response(
                {"error": "this worker needs its API token: Authorization: Bearer, or ?token="},
                status=401,
            )
        return await handler(request)

    return require_token


def auth_headers(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}
