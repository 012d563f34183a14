"""Where the app manifests and Teams icons are: the copy an installed wheel carries
(adapters/manifest, made by setup.py at build time), else manifest/ at the top of a checkout
(editable installs and tests)."""

from __future__ import annotations

from pathlib import Path

PACKAGED = Path(__file__).resolve().parent / "manifest"
CHECKOUT = Path(__file__).resolve().parents[1] / "manifest"


def manifest_dir() -> Path:
    return PACKAGED if PACKAGED.is_dir() else CHECKOUT
