"""Writing many rows fast: PostgreSQL COPY through psycopg, with ids handed out by the generator.

Why not the ORM: 100,000 cases bring about two million rows (and the audit log ten million);
`bulk_create` builds a model instance per row and an INSERT per batch, COPY streams tuples. The
generator gives every row its primary key itself (counting on from the table's highest id), so
later rows can refer to earlier ones without reading anything back; `finish` moves each table's
identity sequence past the ids it used, so the application's own inserts continue after them.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from psycopg.types.json import Jsonb


def json(value: Any) -> Jsonb:
    """A value for a JSONField column."""
    return Jsonb(value)


class Table:
    """Rows for one model, buffered until `flush` sends them with COPY.

    The caller flushes, so that it can send tables referred to before the tables that refer to
    them (foreign keys are checked at the end of each COPY).
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str], *, ids: bool = True) -> None:
        self.model = model
        self.ids = ids
        columns = [model._meta.get_field(name).column for name in fields]
        if ids:
            columns.insert(0, model._meta.pk.column)
        # Columns the caller leaves out get what a model instance would get: the field's
        # default, or "" for a blank text (NOT NULL in the database, like Django creates it).
        given = {model._meta.get_field(name).attname for name in fields} | {model._meta.pk.attname}
        self.defaults: tuple = ()
        for model_field in model._meta.concrete_fields:
            if model_field.attname in given or (model_field.null and not model_field.has_default()):
                continue
            default = model_field.get_default()
            columns.append(model_field.column)
            self.defaults += (json(default) if isinstance(model_field, models.JSONField) else default,)
        self.sql = f'COPY "{model._meta.db_table}" ({", ".join(columns)}) FROM STDIN'
        self.rows: list[tuple] = []
        self.count = 0
        self.next_id = self._highest_id() + 1 if ids else 0

    def _highest_id(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT COALESCE(MAX("{self.model._meta.pk.column}"), 0) FROM "{self.model._meta.db_table}"'
            )
            return cursor.fetchone()[0]

    def add(self, *values: Any) -> int:
        """Queue one row (the values in the order of `fields`); returns the row's id."""
        row_id = self.next_id
        if self.ids:
            self.next_id += 1
            self.rows.append((row_id, *values, *self.defaults))
        else:
            self.rows.append((*values, *self.defaults))
        return row_id

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor, cursor.cursor.copy(self.sql) as copy:
            for row in self.rows:
                copy.write_row(row)
        self.count += len(self.rows)
        self.rows = []

    def finish(self) -> None:
        """Send what is left and move the id sequence past the ids used."""
        self.flush()
        if not self.ids or self.next_id <= 1:
            return
        table, pk = self.model._meta.db_table, self.model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "
                f'GREATEST((SELECT COALESCE(MAX("{pk}"), 1) FROM "{table}"), 1))'
            )
