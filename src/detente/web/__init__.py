"""The web application and HTTP API (`detente serve`): FastAPI, Jinja templates, vendored JS.

``create_app(Settings(db=...))`` builds the application; docs/web.md describes the API, the pages
and how reads and the upload writer share the database.
"""

from detente.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
