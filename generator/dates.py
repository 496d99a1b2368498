"""Calendar dates that may be known only to the month or the year, as the sources give them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
FIRST_YEAR, LAST_YEAR = 1000, 2999  # any record's dates, with room for the arithmetic at either end
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # not \d: it matches other scripts' digits


@dataclass(frozen=True, order=True)
class PartialDate:
    """A day, a month or a year; sorts by its first day, a coarser one before a finer one."""

    year: int
    month: int = 0  # 0: not known
    day: int = 0  # 0: not known

    @property
    def iso(self) -> str:
        """Return the date as HTML's datetime attribute wants it: 2021-11-15, 2017-02 or 2013."""
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def human(self) -> str:
        """Return the date as residents read it: 15 November 2021, February 2017 or 2013."""
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"

    @property
    def first_day(self) -> dt.date:
        """Return the earliest day the date could mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """Return the latest day the date could mean."""
        if self.day:
            return self.first_day
        if self.month:
            following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        return self.iso


def parse_date(text: str) -> PartialDate:
    """Read 2021-11-15, 2017-02 or 2013; raise ValueError with a sentence saying what is wrong."""
    match = _PATTERN.fullmatch(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date: write it as YYYY-MM-DD (e.g. 2021-11-15), "
                         "or YYYY-MM or YYYY where only the month or year is known")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"'{text}' is not a date the portal can use: the year must be from {FIRST_YEAR} to "
                         f"{LAST_YEAR} (leave out a date that is not known)")
    if match.group(2) and not 1 <= month <= 12:
        raise ValueError(f"'{text}' is not a date: there is no month {month}")
    if match.group(3):
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"'{text}' is not a date: {MONTHS[month - 1]} {year} has no day {day}") from None
    return PartialDate(year, month, day)


def newest(dates: Iterable[PartialDate]) -> PartialDate | None:
    """Return the latest of some dates (by the last day each can mean), or None if there are none."""
    return max(dates, key=lambda d: d.last_day, default=None)
