"""Rate budgets: the send rate each platform allows, shared by every process on the database."""

from storage.rates.repository import SqlRateBudget

__all__ = ["SqlRateBudget"]
