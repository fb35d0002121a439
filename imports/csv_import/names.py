"""Matching names typed in spreadsheets against stored ones.

A spreadsheet often drops zero padding ("SH010" becomes "SH10", "010" becomes "10") or changes
case: two names that differ only by leading zeros of their numbers or by case name the same
thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Generic, TypeVar

NUMBER = re.compile(r"\d+")
T = TypeVar("T")


def name_key(name: str) -> str:
    """The name in lower case with every number written without leading zeros."""
    return NUMBER.sub(lambda match: str(int(match.group())), name.strip()).casefold()


class NameIndex(Generic[T]):
    """Items by (scope, name): the exact name wins, then the one equal in lower case, then the
    one equal once unpadded and lowered."""

    def __init__(self) -> None:
        self.exact: dict[tuple, T] = {}
        self.folded: dict[tuple, T] = {}
        self.loose: dict[tuple, T] = {}

    def add(self, scope: object, name: str, item: T) -> None:
        self.exact.setdefault((scope, name), item)
        self.folded.setdefault((scope, name.strip().casefold()), item)
        self.loose.setdefault((scope, name_key(name)), item)

    def add_all(self, entries: Iterable[tuple[object, str, T]]) -> None:
        for scope, name, item in entries:
            self.add(scope, name, item)

    def find(self, scope: object, name: str) -> T | None:
        found = self.exact.get((scope, name))
        if found is None:
            found = self.folded.get((scope, name.strip().casefold()))
        if found is None:
            found = self.loose.get((scope, name_key(name)))
        return found
