"""detente on Spark: ``detente ingest --engine spark PATH... --out DIR``.

``read`` turns the inputs into Documents on the executors, ``job`` runs the local pipeline's
per-document function over them (``mapPartitions``, one Pipeline per Python worker, built when
its first document arrives) and writes the Parquet store of ``detente.store.parquet``.
docs/scale-out.md explains running it on a cluster. Needs the ``spark`` extra (pyspark, warcio).
"""
