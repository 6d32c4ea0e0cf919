"""The error readers raise for an input they cannot use."""

from __future__ import annotations


class InputError(ValueError):
    """An input that cannot become a Document; the message is the one-line reason."""
