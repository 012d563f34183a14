"""The rate buckets table (created and changed only through migrations)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class RateBucketRow(SQLModel, table=True):
    """One platform's sending budget (e.g. "slack", "teams:<tenant>"). Times are seconds since
    the epoch on the senders' clocks (kept in sync by NTP; a few milliseconds of skew between
    hosts only blurs the pacing by as much)."""

    __tablename__ = "rate_buckets"

    name: str = Field(primary_key=True)
    next_at: float = 0.0  # the first send time not yet handed out
    paused_until: float = 0.0  # a 429 asked everyone to wait until then
    share: float = 1.0  # the part of the rate in use after a 429, climbing back to 1
    share_at: float = 0.0  # when `share` was last lowered
