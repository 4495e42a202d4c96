"""Entry point of ``communique serve``: checks the security settings, then runs uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ServeError", "StoreMissingError", "check_serve_settings", "serve"]

TOKEN_ENV = "COMMUNIQUE_TOKEN"


class ServeError(ValueError):
    """The server cannot start with these settings (the message says why)."""


class StoreMissingError(ServeError):
    """The store file to serve does not exist."""


def check_serve_settings(db: Path, host: str, token: str | None) -> str | None:
    """The token to use (option, else ``$COMMUNIQUE_TOKEN``); ServeError when serving is refused."""
    from communique.server.security import TokenRequiredError, require_token_for_host

    token = token or os.environ.get(TOKEN_ENV) or None
    if not db.exists():
        raise StoreMissingError(f"no store at {db}: run 'communique code PATH' first or pass --db")
    try:
        require_token_for_host(host, token)
    except TokenRequiredError as exc:
        raise ServeError(str(exc)) from exc
    return token


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          cors_origins: tuple[str, ...] = (), query_timeout: float = 10.0, refresh_seconds: float = 2.0,
          log_level: str = "warning") -> None:
    """Serve the API and dashboard for ``db`` until interrupted (raises ServeError when refused)."""
    import uvicorn

    from communique.server.app import create_app

    token = check_serve_settings(db, host, token)
    app = create_app(db, token=token, query_timeout=query_timeout, refresh_seconds=refresh_seconds,
                     cors_origins=cors_origins)
    shown = f"[{host}]" if ":" in host else host
    print(f"communique: serving {db} at http://{shown}:{port}/"
          + (" (access token required: open /?token=TOKEN once)" if token else " (loopback only)"), flush=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, date_header=False,
                access_log=False)
