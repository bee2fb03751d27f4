"""What core needs from the floor above it, plugged in by the app that owns it.

Core imports no app. Where a core tool (the ``export`` command's ``--area``, say) needs to
understand area input, it calls the port here; geography provides it at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_PROVIDED: dict[str, Callable[..., Any]] = {}


def provide(name: str, function: Callable[..., Any]) -> None:
    _PROVIDED[name] = function


def provided(name: str) -> bool:
    """Whether an app has lent core the function ``name`` (an app may not be installed)."""
    return name in _PROVIDED


def area_from_input(**kwargs: Any) -> Any:
    """The area a person means by ``text`` (see ``abadi.geography.selectors``)."""
    return _PROVIDED["area_from_input"](**kwargs)


def occasion_from_input(**kwargs: Any) -> Any:
    """The occasion (a week of events such as "هفته بسیج سازندگی ۱۴۰۱") a person means by
    ``text``: its id or its name (see ``abadi.events.selectors``); an
    :class:`abadi.core.indicators.OccasionPeriod`."""
    return _PROVIDED["occasion_from_input"](**kwargs)


def home_area(**kwargs: Any) -> Any:
    """The area a person's home page speaks of: their widest area under ``perm`` (see
    ``abadi.geography.selectors.home_area``)."""
    return _PROVIDED["home_area"](**kwargs)


def indicator_url(**kwargs: Any) -> str | None:
    """Where a person reads the records behind an indicator's value (``key``, ``area``,
    ``year``); None while no app shows them."""
    function = _PROVIDED.get("indicator_url")
    return function(**kwargs) if function is not None else None
