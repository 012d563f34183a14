"""Leases: named, expiring locks in the database (the scheduler's leader lock on SQLite)."""

from storage.leases.repository import acquire_lease, release_lease

__all__ = ["acquire_lease", "release_lease"]
