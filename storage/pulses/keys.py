"""Answer keys of an open pulse: HMAC(pulse key, person id), the pulse key derived from the
server secret (CAREERBOT_SECRET_KEY) and the pulse id. The secret is held in memory only, never
stored, so a copy of the database alone cannot link an answer to a person (tables.py)."""

from __future__ import annotations

import hashlib
import hmac

from bot.pulses.rules import NO_SECRET_KEY, PulseError

# Says what the derived key is for, so the same secret never yields the same bytes elsewhere.
PURPOSE = b"careerbot pulse answers v1 "


def pulse_key(secret: str, pulse_id: int) -> bytes:
    return hmac.new(secret.encode(), PURPOSE + str(pulse_id).encode(), hashlib.sha256).digest()


def submission_key(secret: str | None, pulse_id: int, person_id: int) -> str:
    """The person's answer key in an open pulse. Raises PulseError without the secret."""
    if not secret:
        raise PulseError(NO_SECRET_KEY)
    return hmac.new(pulse_key(secret, pulse_id), str(person_id).encode(),
                    hashlib.sha256).hexdigest()
