"""The rate limit the local fakes of Slack and the Bot Connector enforce: a token bucket."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TokenBucket:
    """`per_second` calls a second, bursts of up to `burst` calls (full at the first call)."""

    per_second: float
    burst: float
    tokens: float = -1.0
    at: float = 0.0

    def take(self, now: float) -> float:
        """0 when a call may pass (one token taken), else the seconds until one may."""
        if self.tokens < 0:
            self.tokens, self.at = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.per_second)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.per_second
