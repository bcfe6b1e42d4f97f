"""Giving memory back to the system after a large piece of work (an import of 150,000 rows frees several hundred
MB of small objects; without this a long-running server keeps that much resident, and the next import adds its
own on top)."""
from __future__ import annotations

import ctypes
import functools
import gc
import sys


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS, Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Collect unreachable objects, then return the C heap's free pages to the system (where glibc allows)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def releases_memory(fn):
    """Decorate a function whose temporaries are large: :func:`release_memory` once it has returned or raised
    (its frame, and with it those temporaries, is gone by then)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        finally:
            release_memory()
    return wrapper
