"""``detente ingest --engine spark`` as a file spark-submit can run (it takes a .py path, not a command).

    spark-submit [spark options] "$(python -c 'import detente.spark.__main__ as m; print(m.__file__)')" \\
        PATH... --out DIR [ingest options]
"""

import sys

from detente.cli.main import app

if __name__ == "__main__":
    app(["ingest", "--engine", "spark", *sys.argv[1:]], prog_name="detente ingest --engine spark")
