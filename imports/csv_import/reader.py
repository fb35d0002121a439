"""Reading an uploaded CSV: UTF-8 with or without a BOM, `,` or `;` separated."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, BinaryIO

from kitsu_site.api.errors import ApiError, WrongParameter

DELIMITERS = (",", ";")


class RowError(ApiError):
    """A row the import cannot take: 400 naming its line; nothing of the file is kept."""

    def __init__(self, message: str, *, line_number: int):
        super().__init__(message)
        self.line_number = line_number

    def body(self) -> dict[str, Any]:
        return {
            "error": True,
            "message": self.message,
            "line_number": self.line_number,
            "imported_rows": 0,
        }


@dataclass(frozen=True)
class CsvRow:
    """One data row: its line in the file (the header is line 1) and its cells by column."""

    line_number: int
    cells: dict[str, str]

    def get(self, column: str, default: str | None = None) -> str | None:
        value = self.cells.get(column)
        return default if value is None else value

    def text(self, column: str) -> str:
        """The stripped cell, "" when the column is absent."""
        return (self.cells.get(column) or "").strip()

    def error(self, message: str) -> RowError:
        return RowError(message, line_number=self.line_number)


@dataclass(frozen=True)
class CsvFile:
    columns: list[str]
    rows: list[CsvRow]

    def has(self, column: str) -> bool:
        return column in self.columns

    def require(self, *columns: str) -> None:
        """A required column missing is reported on the first data line, as the reference does."""
        for column in columns:
            if column not in self.columns:
                raise RowError(f"A columns is missing: '{column}'", line_number=2)


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WrongParameter("The file is not a UTF-8 encoded CSV file.") from None


def delimiter_of(header: str) -> str:
    """The separator used by the header line: the one of `,` and `;` it holds most of."""
    return max(DELIMITERS, key=header.count)


def parse_csv(text: str) -> CsvFile:
    header = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(header))
    try:
        columns = [name.strip() for name in next(reader)]
    except StopIteration:
        raise WrongParameter("The file is empty.") from None
    except csv.Error as error:
        raise WrongParameter(f"The file is not a valid CSV file: {error}.") from None
    rows = []
    try:
        for index, values in enumerate(reader):
            if not any(value.strip() for value in values):
                continue
            cells = {column: value for column, value in zip(columns, values, strict=False)}
            rows.append(CsvRow(line_number=index + 2, cells=cells))
    except csv.Error as error:
        raise RowError(f"The row is not valid CSV: {error}", line_number=reader.line_num) from None
    return CsvFile(columns=columns, rows=rows)


def read_upload(upload: BinaryIO) -> CsvFile:
    return parse_csv(decode(upload.read()))
