"""Importing the pipeline before polars tunes polars' allocator to give freed memory back (pipeline/__init__.py)."""

from __future__ import annotations

import os
import subprocess
import sys

SHOW_CONF = "import pipeline, polars, os; print(os.environ['_RJEM_MALLOC_CONF'])"


def _effective_conf(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", SHOW_CONF], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_polars_loaded_after_the_pipeline_returns_freed_pages_quickly() -> None:
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    conf = _effective_conf(env)
    # polars prepends its own defaults; jemalloc takes the last value of each option
    assert conf.endswith("dirty_decay_ms:100,muzzy_decay_ms:0"), conf


def test_an_allocator_setting_the_user_made_wins() -> None:
    env = {**os.environ, "_RJEM_MALLOC_CONF": "dirty_decay_ms:2000"}
    assert _effective_conf(env).endswith("dirty_decay_ms:2000")


def test_pyarrow_uses_the_c_library_allocator_unless_the_user_chose_one() -> None:
    show = "import pipeline, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    run = lambda e: subprocess.run([sys.executable, "-c", show], env=e, capture_output=True, text=True, check=True)  # noqa: E731
    assert run(env).stdout.strip() == "system"
    assert run({**env, "ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}).stdout.strip() == "jemalloc"
