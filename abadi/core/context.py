"""Who is acting and from where, for the length of one request (read by the audit log)."""

import ipaddress
from contextvars import ContextVar

from django.conf import settings

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def client_address(request) -> str:
    """The address of the client, as far as the configured reverse proxies vouch for it.

    Behind ``ABADI_PROXY_HOPS`` proxies, each appends the address it received the request
    from to X-Forwarded-For, so the entry that many places from the right is the client's;
    anything further left was written by the client and proves nothing. Without proxies
    (the default) the header is ignored: anyone can send it.
    """
    if request is None:
        return ""
    address = request.META.get("REMOTE_ADDR") or ""
    hops = settings.ABADI_PROXY_HOPS
    if hops > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= hops and _is_address(forwarded[-hops]):
            address = forwarded[-hops]
    return address


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
