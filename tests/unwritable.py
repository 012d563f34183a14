"""A SQLite file this process cannot write, for real: mode 0444 for an ordinary user; for root,
whom permissions do not stop, the file system's immutable attribute (`chattr +i`, which stops
root too). The folder stays writable, so SQLite can still open and read the database; any write
fails with "attempt to write a readonly database", as on a file that belongs to someone else."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _chattr(flag: str, path: Path) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    done = subprocess.run([chattr, flag, str(path)], capture_output=True, text=True)
    return done.returncode == 0


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """`path` cannot be written inside the block (the test is skipped where that cannot be
    arranged: root on a file system without the immutable attribute)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not _chattr("+i", path):
        pytest.skip(f"cannot make {path} immutable as root (no chattr +i on this file system)")
    try:
        yield
    finally:
        _chattr("-i", path)
