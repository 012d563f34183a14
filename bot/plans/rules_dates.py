"""Due dates as people type them: ISO and numeric dates in the person's order (12/20 or 20/12),
month names, and relative dates ("next friday", "in 2 weeks", "end of month"). Pure.

A small parser of our own rather than a general one: a goal's date must be exact or refused,
and the order of an ambiguous 03/04 must come from the person, not from the server."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.names import whole_number

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {}
for _number in range(7):
    WEEKDAYS[calendar.day_name[_number].lower()] = _number
    WEEKDAYS[calendar.day_abbr[_number].lower()] = _number
WEEKDAYS.update(tues=1, weds=2, thur=3, thurs=3)

NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
UNITS = {"day": 1, "week": 7, "fortnight": 14}

# Zones where people write the month first (12/20/2026): the United States' (and the
# Philippines'). Everyone else is read day first; a date either way round is never ambiguous.
_MONTH_FIRST = re.compile(r"^(US/|America/(New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage"
                          r"|Adak|Boise|Detroit|Juneau|Sitka|Metlakatla|Yakutat|Nome|Menominee"
                          r"|Indiana/|Kentucky/|North_Dakota/|Indianapolis|Louisville)"
                          r"|Pacific/Honolulu$|Asia/Manila$)")

_NUMERIC = re.compile(r"^(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{2}|\d{4}))?$")
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b")
_FILLER = frozenset({"the", "of", "on"})


def month_first(timezone: str) -> bool:
    """Whether people in this IANA zone write 12/20 for 20 December."""
    return bool(_MONTH_FIRST.match(timezone or ""))


def spoken(day: date) -> str:
    """"Sun 20 Dec 2026": the date as the bot says it understood it (no order to misread)."""
    return f"{calendar.day_abbr[day.weekday()]} {day.day} {calendar.month_abbr[day.month]} " \
           f"{day.year}"


class NotADate(ValueError):
    """Looks like a date but is none (2026-13-45, 31/02): said to the person as it is."""

    def __init__(self, phrase: str) -> None:
        super().__init__(f"{phrase} is not a real date. Try 2026-12-20, 20 Dec, next friday "
                         "or in 2 weeks.")


def parse_date(phrase: str, today: date, *, month_first: bool) -> date | None:
    """The date `phrase` means, counted from `today`; None when it is not a date at all.

    Raises NotADate when it has a date's shape but no such day exists. A date without a year
    is the next one to come (today included)."""
    words = _words(phrase)
    if not words:
        return None
    text = " ".join(words)
    for reader in (_relative, _weekday, _end_of):
        try:
            found = reader(words, today)
        except (OverflowError, ValueError):  # "in 99999999 days": past the calendar's end
            raise NotADate(phrase.strip()) from None
        if found is not None:
            return found
    numeric = _NUMERIC.match(text)
    if numeric:
        return _numeric(numeric, today, month_first=month_first, phrase=phrase.strip())
    return _named(words, today, phrase=phrase.strip())


def _words(phrase: str) -> list[str]:
    text = _ORDINAL.sub(r"\1", phrase.strip().lower().rstrip(".!?"))
    return [w for w in text.replace(",", " ").split() if w not in _FILLER]


def _relative(words: list[str], today: date) -> date | None:
    text = " ".join(words)
    if text in ("today", "tonight", "now"):
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "next week":
        return today + timedelta(days=7)
    if text == "next month":
        return _add_months(today, 1)
    if len(words) == 3 and words[0] in ("in", "within"):
        count = whole_number(words[1])
        count = NUMBERS.get(words[1]) if count is None else count
        unit = words[2].removesuffix("s")
        if count is None:
            return None
        if unit in UNITS:
            return today + timedelta(days=count * UNITS[unit])
        if unit == "month":
            return _add_months(today, count)
    return None


def _weekday(words: list[str], today: date) -> date | None:
    """"friday", "this friday": the coming one, today included; "next friday": after today."""
    if len(words) > 2 or words[-1] not in WEEKDAYS:
        return None
    if len(words) == 2 and words[0] not in ("this", "next", "by", "coming"):
        return None
    ahead = (WEEKDAYS[words[-1]] - today.weekday()) % 7
    if ahead == 0 and words[0] == "next":
        ahead = 7
    return today + timedelta(days=ahead)


def _end_of(words: list[str], today: date) -> date | None:
    if words[:2] != ["end", "of"] and words[:1] != ["end"]:
        return None
    unit = words[-1]
    if unit == "week":
        return today + timedelta(days=(4 - today.weekday()) % 7)  # the working week's Friday
    if unit == "month":
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if unit == "year":
        return date(today.year, 12, 31)
    return None


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _real(year: int | None, month: int, day: int, today: date, phrase: str) -> date:
    """The date, or the next one to come when there is no year; NotADate if none exists."""
    try:
        if year is not None:
            return date(year, month, day)
        found = date(today.year, month, day) if _exists(today.year, month, day) else None
        if found is None or found < today:
            found = date(today.year + 1, month, day)
        return found
    except ValueError:
        raise NotADate(phrase) from None


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _numeric(found: re.Match[str], today: date, *, month_first: bool, phrase: str) -> date:
    first, _, second, third = found.groups()
    if len(first) == 4:  # ISO order, whatever the separator: 2026-12-20, 2026/12/20
        return _real(int(first), int(second), int(third or 0), today, phrase)
    if len(first) == 3:
        raise NotADate(phrase)
    a, b = int(first), int(second)
    year = None if third is None else int(third) + (2000 if len(third) == 2 else 0)
    month, day = (a, b) if month_first else (b, a)
    if month > 12 >= day:  # written the other way round: only one reading exists
        month, day = day, month
    return _real(year, month, day, today, phrase)


def _named(words: list[str], today: date, phrase: str) -> date | None:
    """"20 Dec", "Dec 20", "December 20 2026": None unless a month name and a day are there."""
    months = [w for w in words if w in MONTHS]
    numbers = [w for w in words if whole_number(w) is not None]
    if len(months) != 1 or not 1 <= len(numbers) <= 2 or len(words) != len(numbers) + 1:
        return None
    day_text = numbers[0]
    year = int(numbers[1]) if len(numbers) == 2 else None
    if len(day_text) > 2 or (year is not None and len(numbers[1]) != 4):
        raise NotADate(phrase)
    return _real(year, MONTHS[months[0]], int(day_text), today, phrase)
