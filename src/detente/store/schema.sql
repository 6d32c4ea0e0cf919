-- detente's DuckDB schema. Column order here is mirrored by detente/store/columns.py (a test keeps
-- the two in step). Every record carries its doc_id; mentions, events and facts also carry their
-- sentence index and character span (offsets into documents.text, end exclusive).
-- Dates are DATE; date values of mixed precision ('2018', '2018-11', '2018-11-13') are VARCHAR,
-- with the interval they cover in *_start/*_end, so period filters are plain comparisons.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL UNIQUE,
    title VARCHAR,
    published VARCHAR,
    published_start DATE,
    published_end DATE,
    source VARCHAR,
    author VARCHAR,
    url VARCHAR,
    path VARCHAR,
    text VARCHAR NOT NULL,
    captions JSON,
    lang VARCHAR,
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    is_caption BOOLEAN NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR NOT NULL,
    id INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    code VARCHAR,
    kind VARCHAR NOT NULL,
    sector VARCHAR,
    person VARCHAR,
    role VARCHAR,
    how VARCHAR,
    actor_id VARCHAR,
    PRIMARY KEY (doc_id, id)
);

CREATE TABLE IF NOT EXISTS events (
    doc_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    event_type VARCHAR NOT NULL,
    mode VARCHAR,
    cameo_root VARCHAR,
    quad_class INTEGER,
    intensity DOUBLE,
    "symmetric" BOOLEAN,
    status VARCHAR,
    confidence DOUBLE,
    sentences INTEGER[],
    sentence_text VARCHAR,
    trigger VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    date_value VARCHAR,
    date_precision VARCHAR,
    date_start DATE,
    date_end DATE,
    date_text VARCHAR,
    date_char_start INTEGER,
    date_char_end INTEGER,
    date_relative BOOLEAN,
    date_direction VARCHAR,
    place VARCHAR,
    place_code VARCHAR,
    PRIMARY KEY (doc_id, event_id)
);

-- Sources and targets of events, one row per actor mention, so actor and dyad filters are SQL.
CREATE TABLE IF NOT EXISTS event_actors (
    doc_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    side VARCHAR NOT NULL CHECK (side IN ('source', 'target')),
    position INTEGER NOT NULL,
    code VARCHAR,
    text VARCHAR,
    "start" INTEGER,
    "end" INTEGER,
    sector VARCHAR,
    person VARCHAR,
    sentence INTEGER,
    kind VARCHAR,
    role VARCHAR,
    how VARCHAR,
    actor_id VARCHAR,
    PRIMARY KEY (doc_id, event_id, side, position)
);

CREATE TABLE IF NOT EXISTS facts (
    doc_id VARCHAR NOT NULL,
    fact_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    measure VARCHAR NOT NULL,
    kind VARCHAR,
    value DOUBLE,
    unit VARCHAR,
    amount DOUBLE,
    currency VARCHAR,
    usd_value DOUBLE,
    usd_rate_source VARCHAR,
    approx VARCHAR,
    value_max DOUBLE,
    period_value VARCHAR,
    period_precision VARCHAR,
    period_start DATE,
    period_end DATE,
    period_text VARCHAR,
    period_char_start INTEGER,
    period_char_end INTEGER,
    period_relative BOOLEAN,
    period_direction VARCHAR,
    sentence INTEGER,
    sentence_text VARCHAR,
    "start" INTEGER,
    "end" INTEGER,
    text VARCHAR,
    PRIMARY KEY (doc_id, fact_id)
);

CREATE TABLE IF NOT EXISTS fact_actors (
    doc_id VARCHAR NOT NULL,
    fact_id VARCHAR NOT NULL,
    side VARCHAR NOT NULL CHECK (side IN ('subject', 'partner')),
    position INTEGER NOT NULL,
    code VARCHAR,
    text VARCHAR,
    "start" INTEGER,
    "end" INTEGER,
    sector VARCHAR,
    person VARCHAR,
    sentence INTEGER,
    kind VARCHAR,
    role VARCHAR,
    how VARCHAR,
    actor_id VARCHAR,
    PRIMARY KEY (doc_id, fact_id, side, position)
);

-- The ingest log: one row per `detente ingest` run, one row per input or document left out.
CREATE SEQUENCE IF NOT EXISTS run_ids START 1;

CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY DEFAULT nextval('run_ids'),
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    inputs VARCHAR[],
    documents_read INTEGER,
    documents_new INTEGER,
    documents_known INTEGER,
    skipped INTEGER,
    failed INTEGER
);

CREATE TABLE IF NOT EXISTS skipped (
    run_id INTEGER,
    input VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    "at" TIMESTAMP NOT NULL
);
