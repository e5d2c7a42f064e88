"""Hand memory this process has freed back to the operating system, between pipeline steps."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _malloc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """glibc's malloc_trim, or None where the C library has none (macOS, musl)."""
    name = ctypes.util.find_library("c")
    library = ctypes.CDLL(name) if name else None
    return getattr(library, "malloc_trim", None)


def release_freed_memory() -> None:
    """Collect garbage and return the C heap's free pages to the OS. Without it the pages of objects an earlier
    step freed (the corpus read by ingest, rows built as Python objects) stay resident in a run's process,
    and the next step's peak starts from there."""
    gc.collect()
    if (trim := _malloc_trim()) is not None:
        trim(0)
