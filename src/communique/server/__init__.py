"""``communique serve``: a read-only JSON API and an offline web dashboard over a store.

- :func:`create_app` builds the FastAPI app (:mod:`communique.server.app`);
- :mod:`communique.server.snapshot` keeps serving while another process codes into the store;
- :mod:`communique.server.security` decides who may connect (loopback, tokens);
- :mod:`communique.server.run` is the command line entry point (uvicorn).

See ``SECURITY.md`` for the threat model.
"""

from communique.server.app import MAX_PAGE_SIZE, create_app

__all__ = ["MAX_PAGE_SIZE", "create_app"]
