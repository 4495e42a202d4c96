"""Access control of ``communique serve``: which addresses need a token, and checking it.

- Loopback addresses (127.0.0.0/8, ::1, ``localhost``) may be served without a token; any other
  address (``0.0.0.0``, a LAN address) needs one: :func:`require_token_for_host` refuses to start
  otherwise.
- With a token, every request must carry it, either as ``Authorization: Bearer TOKEN`` or as the
  cookie that ``GET /?token=TOKEN`` sets (HttpOnly, SameSite=Strict). Tokens are compared with
  :func:`hmac.compare_digest` (constant time).
- Without a token the server only answers requests whose ``Host`` header names a loopback host,
  so a web page cannot reach it through DNS rebinding.
"""

from __future__ import annotations

import hmac
import ipaddress

__all__ = [
    "COOKIE_NAME",
    "LOOPBACK_HOSTS",
    "TokenRequiredError",
    "is_loopback",
    "require_token_for_host",
    "token_matches",
    "token_from_request",
]

COOKIE_NAME = "communique_token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
MIN_TOKEN_LENGTH = 16


class TokenRequiredError(ValueError):
    """Refusal to serve a non-loopback address without a (long enough) access token."""


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback IP addresses (``127.x.x.x``, ``::1``)."""
    h = host.strip().strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def require_token_for_host(host: str, token: str | None) -> None:
    """Raise :class:`TokenRequiredError` unless ``host`` is loopback or a usable token is given."""
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise TokenRequiredError(
            f"the access token is too short ({len(token)} characters): use at least "
            f"{MIN_TOKEN_LENGTH}, e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    if not is_loopback(host) and not token:
        raise TokenRequiredError(
            f"refusing to serve on {host} without an access token: anyone who can reach that address "
            "could read the store. Pass --token TOKEN (or set COMMUNIQUE_TOKEN), or bind 127.0.0.1."
        )


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a presented token with the expected one."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def token_from_request(authorization: str | None, cookie: str | None) -> str | None:
    """The token a request presents: the ``Bearer`` header first, else the cookie."""
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return cookie or None
