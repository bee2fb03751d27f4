"""The project's one clock.

The office's day is Tehran's day (``TIME_ZONE``), not the server's: between 20:30 and 24:00
UTC the two differ. Everything that asks "what day is it" or "is this in the future" asks
here, so code and tests can never disagree about the date.
"""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """The current moment (timezone-aware)."""
    return timezone.now()


def today() -> datetime.date:
    """Today in the office's time zone."""
    return timezone.localdate()
