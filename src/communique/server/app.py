"""The FastAPI application of ``communique serve``: JSON API under ``/api/`` and the dashboard.

Usage::

    from communique.server import create_app
    app = create_app("communique.duckdb")                 # loopback use, no token
    app = create_app("communique.duckdb", token="...")    # every request needs the token

The store is never opened for writing: requests read a snapshot copy (see
:mod:`communique.server.snapshot`), each request through its own read-only connection, with a
time limit (``query_timeout`` seconds, then HTTP 503). Bad parameters give HTTP 422 with a
message; unexpected errors give a generic 500 without details (they are logged).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import threading
from collections.abc import Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import anyio.to_thread
import duckdb
from fastapi import FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique.server import queries
from communique.server.models import (
    ArticleOut,
    CountryOut,
    DyadSummaryOut,
    ErrorOut,
    EventPage,
    NetworkOut,
    PartnersOut,
    StatusOut,
    TimelineOut,
)
from communique.server.security import (
    COOKIE_NAME,
    LOOPBACK_HOSTS,
    token_from_request,
    token_matches,
)
from communique.server.snapshot import NoSnapshotError, ResultCache, Snapshot, SnapshotManager
from communique.store import Store, StoreError

__all__ = ["MAX_PAGE_SIZE", "QueryTimeoutError", "create_app"]

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 500
DEFAULT_QUERY_TIMEOUT = 10.0
DEFAULT_QUEUE_TIMEOUT = 30.0
HANDLER_THREADS = 200
_ERRORS = {422: {"model": ErrorOut}, 503: {"model": ErrorOut}}
T = TypeVar("T")


class QueryTimeoutError(Exception):
    """A query ran longer than the server's time limit and was interrupted."""


class ServerBusyError(Exception):
    """Every query slot stayed taken for longer than the queue time limit."""


def _plotly_js() -> Path:
    """plotly.min.js as shipped by the installed ``plotly`` Python package (served locally)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _static(name: str) -> Path:
    return Path(str(resources.files("communique.server") / "static" / name))


@dataclass
class _Session:
    """One request's view of the store: a Store and its connection on one snapshot."""

    store: Store
    con: duckdb.DuckDBPyConnection
    snapshot: Snapshot

    def cached(self, name: str, compute: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """``compute(con)``, computed once per snapshot (the snapshot never changes)."""
        cache = self.snapshot.cache
        if name not in cache:
            cache[name] = compute(self.con)
        return cache[name]

    def countries(self) -> set[str]:
        """Country codes present in the snapshot's events (for validating parameters)."""
        return self.cached("present_countries", queries.store_countries)


class _Context:
    """What request handlers share: the snapshots, the query slots and the time limits."""

    def __init__(self, snapshots: SnapshotManager, query_timeout: float, max_queries: int,
                 queue_timeout: float) -> None:
        self.snapshots = snapshots
        self.query_timeout = query_timeout
        self.queue_timeout = queue_timeout
        self._slots = threading.BoundedSemaphore(max_queries)

    def run(self, fn: Callable[[_Session], T], key: Hashable | None = None) -> T:
        """``fn`` on a read-only connection to the current snapshot, with limits.

        At most ``max_queries`` run at once (others wait up to ``queue_timeout`` seconds); each
        is interrupted after ``query_timeout`` seconds. With a ``key``, the result is remembered
        for the snapshot's lifetime (a snapshot never changes). ValueError becomes HTTP 422; a
        timeout, a full queue or an unreadable store HTTP 503.
        """
        try:
            with self.snapshots.acquire() as snap:
                if key is not None:
                    cached = snap.results.get(key)
                    if cached is not ResultCache.MISSING:
                        return cached
                result = self._execute(snap, fn)
                if key is not None:
                    snap.results.put(key, result)
                return result
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        except QueryTimeoutError as exc:
            raise HTTPException(503, f"the query took longer than {self.query_timeout:g} s and was "
                                     "stopped; narrow the filters (period, country, dyad)") from exc
        except ServerBusyError as exc:
            raise HTTPException(503, str(exc), headers={"Retry-After": "5"}) from exc
        except (NoSnapshotError, StoreError) as exc:
            raise HTTPException(503, f"the store cannot be read right now: {exc}") from exc

    def _execute(self, snap: Snapshot, fn: Callable[[_Session], T]) -> T:
        if not self._slots.acquire(timeout=self.queue_timeout):
            raise ServerBusyError(f"the server is busy: no query slot freed within {self.queue_timeout:g} s; "
                                  "try again shortly")
        try:
            store = Store(snap.path, read_only=True)
            try:
                con = _connection(store)
                timer = threading.Timer(self.query_timeout, con.interrupt)
                timer.daemon = True
                timer.start()
                try:
                    return fn(_Session(store, con, snap))
                except duckdb.InterruptException as exc:
                    raise QueryTimeoutError(str(exc)) from exc
                finally:
                    timer.cancel()
            finally:
                store.close()
        finally:
            self._slots.release()


def _connection(store: Store) -> duckdb.DuckDBPyConnection:
    """The Store's DuckDB connection (needed to interrupt a query that runs too long)."""
    return store._conn()  # noqa: SLF001 - Store has no public interrupt()


def _validation_message(exc: RequestValidationError) -> str:
    """One line per invalid parameter: ``name: what is wrong``."""
    parts = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(loc) or 'request'}: {err.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal error (logged on the server)"}, status_code=500)


_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def _install_security(app: FastAPI, token: str | None, allowed_hosts: tuple[str, ...] | None) -> None:
    """Token check (when a token is set), Host check (when hosts are given), security headers."""

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable) -> Response:
        if allowed_hosts is not None:
            host = request.headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
            if name.lower() not in allowed_hosts:
                return JSONResponse({"detail": f"host {host!r} is not served (loopback only)"}, status_code=400)
        if token is not None:
            query_token = request.query_params.get("token")
            if request.url.path == "/" and query_token is not None:
                return _login(query_token, token)
            presented = token_from_request(request.headers.get("authorization"), request.cookies.get(COOKIE_NAME))
            if presented is None:
                return JSONResponse({"detail": "an access token is required: header 'Authorization: Bearer "
                                               "TOKEN' or open /?token=TOKEN once"}, status_code=401,
                                    headers={"WWW-Authenticate": "Bearer"})
            if not token_matches(presented, token):
                return JSONResponse({"detail": "wrong access token"}, status_code=403)
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = _CSP
        return response


def _login(presented: str, token: str) -> Response:
    """``/?token=T``: set the access cookie and redirect to ``/`` (so the token leaves the URL)."""
    if not token_matches(presented, token):
        return JSONResponse({"detail": "wrong access token"}, status_code=403)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE_NAME, token, httponly=True, samesite="strict", path="/")
    return response


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    query_timeout: float = DEFAULT_QUERY_TIMEOUT,
    max_queries: int | None = None,
    queue_timeout: float = DEFAULT_QUEUE_TIMEOUT,
    refresh_seconds: float = 2.0,
    allowed_hosts: tuple[str, ...] | None = None,
    cors_origins: tuple[str, ...] = (),
) -> FastAPI:
    """The API + dashboard app over the store at ``db_path`` (never opened for writing).

    - ``token``: when set, every request must present it (Bearer header or cookie).
    - ``query_timeout``: seconds before a query is interrupted (HTTP 503).
    - ``max_queries``: queries run at once (default: the number of CPUs; DuckDB parallelises each
      query, more would only make every one slower); others wait up to ``queue_timeout`` s.
    - ``refresh_seconds``: how often to look for new data written by another process (0: never).
    - ``allowed_hosts``: accepted ``Host`` header names; by default loopback names when no
      token is set (against DNS rebinding), any host with a token.
    - ``cors_origins``: origins allowed by CORS; none (no CORS headers at all) by default.
    """
    snapshots = SnapshotManager(db_path, refresh_seconds=refresh_seconds)
    ctx = _Context(snapshots, query_timeout, max_queries or os.cpu_count() or 2, queue_timeout)
    if allowed_hosts is None and token is None:
        allowed_hosts = LOOPBACK_HOSTS

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Requests wait for a query slot inside worker threads; with more threads than anyio's
        # default 40, cached and cheap requests are not stuck behind those waiting for a slot.
        anyio.to_thread.current_default_thread_limiter().total_tokens = HANDLER_THREADS
        snapshots.refresh()
        snapshots.start()
        try:
            yield
        finally:
            snapshots.close()

    app = FastAPI(
        title="communique",
        summary="Events coded from international-relations news (CAMEO/PLOVER), read-only.",
        version=_version(),
        lifespan=lifespan,
        docs_url=None,  # FastAPI's docs pages load Swagger UI from a CDN: not offline, and our CSP blocks it
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.snapshots = snapshots
    _install_error_handlers(app)
    _install_security(app, token, tuple(h.lower() for h in allowed_hosts) if allowed_hosts else None)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"],
                           allow_headers=["Authorization"], allow_credentials=False)
    _add_api_routes(app, ctx)
    _add_page_routes(app)
    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("communique")
    except Exception:  # noqa: BLE001 - not installed (source checkout): no version to show
        return "0"


# --------------------------------------------------------------------------------------------
# API routes

Since = Annotated[dt.date | None, Query(description="first date, inclusive (YYYY-MM-DD)")]
Until = Annotated[dt.date | None, Query(description="last date, inclusive (YYYY-MM-DD)")]
Dyad = Annotated[str, PathParam(description="two country codes joined by '-', e.g. CUB-VNM",
                                max_length=15)]


def _add_api_routes(app: FastAPI, ctx: _Context) -> None:
    @app.get("/api/events", response_model=EventPage, responses=_ERRORS, tags=["events"])
    def events(
        actor: Annotated[str | None, Query(description="actor code prefix, source or target (CUBGOV)")] = None,
        country: Annotated[str | None, Query(description="country code, source or target (CUB)")] = None,
        dyad: Annotated[str | None, Query(description="AAA-BBB, either direction unless directed")] = None,
        directed: Annotated[bool, Query(description="with dyad: only AAA as source, BBB as target")] = False,
        code: Annotated[str | None, Query(description="CAMEO code prefix, 2-4 digits (04, 057)")] = None,
        plover: Annotated[str | None, Query(description="PLOVER event type (AGREE, AID, ...)")] = None,
        quad: Annotated[int | None, Query(description="quad class 1-4")] = None,
        since: Since = None,
        until: Until = None,
        q: Annotated[str | None, Query(description="text search in the evidence (case-insensitive)")] = None,
        unique: Annotated[bool, Query(description="one row per real-world event (deduplicated)")] = False,
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"at most {MAX_PAGE_SIZE}")] = 50,
    ) -> dict[str, Any]:
        """Events matching all filters, one page at a time, ordered by date."""

        def query(s: _Session) -> dict[str, Any]:
            filters = queries.EventFilters.parse(
                s.countries(), actor=actor, country=country, dyad=dyad, directed=directed,
                code=code, plover=plover, quad=quad, since=since, until=until, q=q)
            total, rows = queries.event_page(s.con, filters, page=page, page_size=page_size, unique=unique)
            key = "unique_events" if unique else "events"
            return {"total": total, "page": page, "page_size": page_size,
                    "pages": math.ceil(total / page_size), "unique": unique, key: rows}

        return ctx.run(query, key=("events", actor, country, dyad, directed, code, plover, quad, since, until, q,
                                   unique, page, page_size))

    @app.get("/api/dyads/{dyad}/timeline", response_model=TimelineOut, responses=_ERRORS, tags=["relations"])
    def dyad_timeline(
        dyad: Dyad,
        freq: Literal["day", "week", "month", "year"] = "month",
        directed: bool = False,
        since: Since = None,
        until: Until = None,
    ) -> dict[str, Any]:
        """A dyad's events per period: counts per quad class and PLOVER type, Goldstein sum and mean."""
        from communique import analysis

        def query(s: _Session) -> dict[str, Any]:
            a, b = queries.check_dyad(dyad, s.countries())
            points = analysis.dyad_timeline(s.store, a, b, freq=freq, directed=directed, since=since, until=until)
            return {"dyad": f"{a}-{b}", "freq": freq, "directed": directed, "points": points}

        return ctx.run(query, key=("timeline", dyad, freq, directed, since, until))

    @app.get("/api/dyads/{dyad}/summary", response_model=DyadSummaryOut, responses=_ERRORS, tags=["relations"])
    def dyad_summary(
        dyad: Dyad,
        since: Since = None,
        until: Until = None,
        top: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> dict[str, Any]:
        """Relationship summary: first/last event, top types, cooperation/conflict balance, trend,
        key events with evidence."""
        from communique import analysis

        def query(s: _Session) -> dict[str, Any]:
            a, b = queries.check_dyad(dyad, s.countries())
            return analysis.dyad_summary(s.store, a, b, since=since, until=until, top=top)

        return ctx.run(query, key=("summary", dyad, since, until, top))

    @app.get("/api/countries/{country}/partners", response_model=PartnersOut, responses=_ERRORS,
             tags=["relations"])
    def partners(
        country: Annotated[str, PathParam(max_length=10)],
        since: Since = None,
        until: Until = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
        order: Literal["volume", "cooperation"] = "volume",
    ) -> dict[str, Any]:
        """A country's partners ranked by event volume or by cooperation score."""
        from communique import analysis

        def query(s: _Session) -> dict[str, Any]:
            c = queries.check_country(country, s.countries())
            rows = analysis.partners(s.store, c, since=since, until=until, limit=limit, order=order)
            return {"country": c, "order": order, "partners": rows}

        return ctx.run(query, key=("partners", country, since, until, limit, order))

    @app.get("/api/network", response_model=NetworkOut, responses=_ERRORS, tags=["relations"])
    def network(
        since: Since = None,
        until: Until = None,
        min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        country: Annotated[str | None, Query(description="only this country's ego network")] = None,
    ) -> dict[str, Any]:
        """Countries as nodes (with communities), relations as edges weighted by volume and mean Goldstein."""
        from communique import analysis

        def query(s: _Session) -> dict[str, Any]:
            c = queries.check_country(country, s.countries()) if country is not None else None
            return analysis.relations_network(s.store, since=since, until=until, min_events=min_events, country=c)

        return ctx.run(query, key=("network", since, until, min_events, country))

    @app.get("/api/articles/{article_id}", response_model=ArticleOut,
             responses={**_ERRORS, 404: {"model": ErrorOut}}, tags=["events"])
    def article(article_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
        """An article's text with the evidence spans of its events, to highlight."""
        found = ctx.run(lambda s: queries.article_with_spans(s.con, article_id), key=("article", article_id))
        if found is None:
            raise HTTPException(404, f"no article with id {article_id!r} in this store")
        return found

    @app.get("/api/countries", response_model=list[CountryOut], responses=_ERRORS, tags=["events"])
    def countries() -> list[dict[str, Any]]:
        """Countries present in the events (for pickers), most events first."""
        return ctx.run(lambda s: queries.countries(s.con), key=("countries",))

    @app.get("/api/status", response_model=StatusOut, responses=_ERRORS, tags=["server"])
    def status() -> dict[str, Any]:
        """Which snapshot of the store is being served, and its size."""
        def query(s: _Session) -> dict[str, Any]:
            snap = ctx.snapshots
            return {"store": snap.db_path.name, "generation": s.snapshot.generation,
                    "taken_at": dt.datetime.fromtimestamp(s.snapshot.taken_at, dt.timezone.utc),
                    **s.cached("counts", queries.counts), "last_refresh_error": snap.last_error}

        return ctx.run(query)


# --------------------------------------------------------------------------------------------
# dashboard pages and files

def _add_page_routes(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(_static("index.html"), media_type="text/html")

    @app.get("/article/{article_id}", include_in_schema=False)
    def article_page(article_id: Annotated[str, PathParam(max_length=200)]) -> FileResponse:
        return FileResponse(_static("index.html"), media_type="text/html")

    @app.get("/static/app.js", include_in_schema=False)
    def app_js() -> FileResponse:
        return FileResponse(_static("app.js"), media_type="text/javascript")

    @app.get("/static/app.css", include_in_schema=False)
    def app_css() -> FileResponse:
        return FileResponse(_static("app.css"), media_type="text/css")

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(_plotly_js(), media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})
