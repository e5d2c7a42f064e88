"""#22.1: the warehouse and the Parquet files carry the contract's types and constraints."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.core.contract import columns, primary_key, vocabularies
from pipeline.core.integrity import FOREIGN_KEYS
from pipeline.publish.releases import current_release
from schemas import TABLES


@pytest.fixture
def warehouse_copy(published: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A writable copy of the published warehouse."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(current_release(published) / "warehouse.duckdb", copy)
    con = duckdb.connect(str(copy))
    yield con
    con.close()


def test_constraints_list_every_key_not_null_and_foreign_key(published: Path) -> None:
    with duckdb.connect(str(published / "warehouse.duckdb"), read_only=True) as con:
        found = {
            (table, kind, tuple(cols))
            for table, kind, cols in con.sql(
                "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints()"
            ).fetchall()
        }
        nullable = dict(
            ((t, c), n == "YES")
            for t, c, n in con.sql(
                "SELECT table_name, column_name, is_nullable FROM information_schema.columns"
            ).fetchall()
        )
    for table in TABLES:
        assert primary_key(table) == () or (table, "PRIMARY KEY", primary_key(table)) in found, table
        for col in columns(table):
            assert nullable[(table, col.name)] == col.nullable, (table, col.name)
    for child, column, _parent, _key in FOREIGN_KEYS:
        assert (child, "FOREIGN KEY", (column,)) in found
    ids = [t for t in TABLES if any(c.name.endswith("_id") and c.unique for c in columns(t))]
    assert len(ids) >= 10 and all((t, "PRIMARY KEY", primary_key(t)) in found for t in ids)


def test_a_duplicate_id_an_orphan_participant_and_an_unknown_enum_value_are_refused(warehouse_copy) -> None:
    con = warehouse_copy
    event_id, actor_id = con.sql("SELECT event_id, actor_id FROM event_participants LIMIT 1").fetchall()[0]
    with pytest.raises(duckdb.ConstraintException, match=r"[Dd]uplicate key"):
        con.execute("INSERT INTO events SELECT * FROM events LIMIT 1")
    with pytest.raises(duckdb.ConstraintException, match="foreign key"):
        con.execute("INSERT INTO event_participants VALUES ('evt_not_there', ?, 'source')", [actor_id])
    with pytest.raises(duckdb.ConversionException):
        con.execute("INSERT INTO event_participants VALUES (?, ?, 'spectator')", [event_id, actor_id])
    with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
        con.execute("INSERT INTO actors (actor_id, name) VALUES ('someone-new', NULL)")
    assert con.sql("SELECT count(*) FROM event_participants WHERE event_id = 'evt_not_there'").fetchall() == [
        (0,)
    ]


def test_enum_and_date_columns_are_typed(published: Path) -> None:
    with duckdb.connect(str(published / "warehouse.duckdb"), read_only=True) as con:
        types = dict(
            ((t, c), d)
            for t, c, d in con.sql(
                "SELECT table_name, column_name, data_type FROM duckdb_columns()"
            ).fetchall()
        )
        month = con.sql(
            "SELECT DISTINCT event_date, event_date_start, event_date_end FROM events "
            "WHERE date_precision = 'month' ORDER BY 1 LIMIT 1"
        ).fetchall()
        year = con.sql(
            "SELECT DISTINCT event_date, event_date_start, event_date_end FROM events "
            "WHERE date_precision = 'year' ORDER BY 1 LIMIT 1"
        ).fetchall()
    for (table, column), name in vocabularies().items():
        assert types[(table, column)].startswith("ENUM("), (table, column, name)
    assert (
        types[("events", "event_date_start")] == "DATE"
        and types[("documents", "published_date_end")] == "DATE"
    )
    [(iso, start, end)] = month
    first = datetime.date.fromisoformat(f"{iso}-01")
    assert start == first and end.month == first.month and (end + datetime.timedelta(days=1)).day == 1
    [(iso, start, end)] = year
    assert (start, end) == (datetime.date(int(iso), 1, 1), datetime.date(int(iso), 12, 31))


def test_parquet_has_matching_logical_types_sorted_row_groups_and_zstd(published: Path) -> None:
    events = pq.ParquetFile(published / "parquet" / "events.parquet")
    schema = events.schema_arrow
    assert schema.field("event_date_start").type == pa.date32()
    enum = schema.field("event_type").type
    assert pa.types.is_dictionary(enum) and pa.types.is_string(enum.value_type)  # read back as string
    group = events.metadata.row_group(0)
    assert [s.column_index for s in group.sorting_columns] == [
        schema.get_field_index(c) for c in TABLES["events"].sort_by
    ]
    assert group.column(0).compression == "ZSTD"
    dictionary = events.read(columns=["quad_class"]).column(0).chunk(0).dictionary.to_pylist()
    assert dictionary == list(next(c.vocabulary for c in columns("events") if c.name == "quad_class"))
