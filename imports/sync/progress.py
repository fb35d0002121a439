"""Progress bars for operators' commands (tqdm, on the command's error stream)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from tqdm import tqdm


def progress_bar(stream: IO[str], *, enabled: bool = True):
    """A `(items, label, total) -> iterator` wrapper drawing one bar per step."""

    def wrap(items: Iterable[Any], label: str, total: int) -> Iterator[Any]:
        yield from tqdm(items, desc=label, total=total, file=stream, disable=not enabled)

    return wrap
