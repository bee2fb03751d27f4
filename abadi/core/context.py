"""Who is acting and from where, for the length of one request (read by the audit log)."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
