"""Entry point of ``communique serve``: checks the security settings, then runs uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["BackgroundServer", "ServeError", "StoreMissingError", "check_serve_settings", "free_port", "serve"]

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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BackgroundServer:
    """``communique serve`` in a child process on a free loopback port (a context manager).

    For tests, benchmarks and notebooks: ``with BackgroundServer(db) as s: httpx.get(s.url + "/api/countries")``.
    Extra arguments go to ``communique serve``; ``COMMUNIQUE_TOKEN`` is not passed on.
    """

    def __init__(self, db: Path, *extra: str, timeout: float = 60.0) -> None:
        import subprocess
        import sys
        import tempfile

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cli = Path(sys.executable).with_name("communique")
        cmd = [str(cli), "serve", "--db", str(db), "--port", str(self.port), *extra]
        env = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_TOKEN"}
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # a pipe could fill up and block
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, env=env, text=True)
        self._wait_ready(timeout)

    def output(self) -> str:
        """What the server printed so far (its log)."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read()

    def _wait_ready(self, timeout: float) -> None:
        """Poll until the server answers HTTP (any status: with a token, 401 means it is up)."""
        import time
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"communique serve exited early: {self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/api/status", timeout=2):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"communique serve did not answer within {timeout} s")

    def stop(self) -> None:
        """Terminate the server process (and wait for it)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except Exception:  # noqa: BLE001 - last resort
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()

    def __enter__(self) -> BackgroundServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
