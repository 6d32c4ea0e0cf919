"""Fetching web pages with trafilatura's downloader."""

from __future__ import annotations

import hashlib
import ipaddress
from configparser import ConfigParser
from functools import cache
from urllib.parse import urlsplit

from trafilatura import fetch_response
from trafilatura.settings import use_config

from detente.ingest.errors import InputError

DOWNLOAD_TIMEOUT = 20  # seconds


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` address with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def url_doc_id(url: str) -> str:
    """A stable, file-name-safe doc_id for a URL: its host and a digest of the whole URL."""
    host = (urlsplit(url).hostname or "url").replace(":", "_")
    return f"{host}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:12]}"


@cache
def _config(max_bytes: int, allow_private: bool) -> ConfigParser:
    config = use_config()
    # use_config() returns a fresh parser, so these settings do not leak into other callers.
    config.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(DOWNLOAD_TIMEOUT))
    # trafilatura refuses loopback and private addresses by default (SSRF protection); only a
    # caller that means it (a test server, an intranet) turns that off.
    config.set("DEFAULT", "SSRF_PROTECTION", "off" if allow_private else "on")
    return config


def _is_private_host(host: str) -> bool:
    """True for ``localhost`` and non-public IP literals (names are not resolved here)."""
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


def fetch_html(url: str, *, max_bytes: int, allow_private: bool = False) -> str:
    """The page at ``url`` as text, decoded by trafilatura.

    Raises :class:`InputError` for a failed download, a status other than 200, or an empty page.
    """
    if not is_url(url):
        raise InputError("not an http(s) URL")
    if not allow_private and _is_private_host(urlsplit(url).hostname or ""):
        raise InputError("refusing a loopback or private address (allow_private_urls=True fetches it)")
    response = fetch_response(url, decode=True, config=_config(max_bytes, allow_private))
    if response is None:
        raise InputError(f"download failed (unreachable, refused, or over {max_bytes} bytes)")
    if response.status != 200:
        raise InputError(f"download failed (HTTP status {response.status})")
    if not response.html or not response.html.strip():
        raise InputError("download returned an empty page")
    return response.html
