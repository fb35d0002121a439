"""Password hashes read straight from a source Zou's database, for sources whose API does not
serve them (`GET /data/persons?with_pass_hash=true` does on the reference)."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import dj_database_url
import psycopg2


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, memoryview):
        value = value.tobytes()
    return value.decode() if isinstance(value, bytes) else str(value)


def source_password_hashes(database_url: str) -> dict[str, str]:
    """`{person id: password hash}` of every person with a password in the source database
    (PostgreSQL, or SQLite for a source running this project)."""
    config = dj_database_url.parse(database_url)
    query = "SELECT id, password FROM person WHERE password IS NOT NULL"
    if urlsplit(database_url).scheme.startswith("sqlite"):
        with sqlite3.connect(config["NAME"]) as connection:
            rows = connection.execute(query).fetchall()
    else:
        connection = psycopg2.connect(database_url)
        try:
            with connection.cursor() as cursor:
                cursor.execute(query)
                rows = cursor.fetchall()
        finally:
            connection.close()
    return {_uuid_text(person_id): _text(password) for person_id, password in rows if password}


def _uuid_text(value: object) -> str:
    """Ids as canonical text (SQLite stores them as 32 hex digits)."""
    text = str(value)
    if len(text) == 32:
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return text
