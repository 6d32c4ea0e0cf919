"""A Spark session in local mode for the Spark tests (skipped without pyspark or Java)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

JDKS = Path("/usr/lib/jvm")


def _java_home() -> str | None:
    """JAVA_HOME, or a JDK 17+ under /usr/lib/jvm when java is not on the PATH."""
    if os.environ.get("JAVA_HOME") or shutil.which("java"):
        return os.environ.get("JAVA_HOME")
    found = sorted(p for p in JDKS.glob("*17*") if (p / "bin" / "java").exists()) if JDKS.is_dir() else []
    return str(found[0]) if found else None


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """``local[2]``, two shuffle partitions, no UI; the executors run this interpreter."""
    pytest.importorskip("pyspark")
    pytest.importorskip("warcio")
    home = _java_home()
    if home is None and not shutil.which("java"):
        pytest.skip("no Java for Spark")
    if home:
        os.environ["JAVA_HOME"] = home
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("detente tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
