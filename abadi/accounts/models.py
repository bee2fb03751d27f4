from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from abadi.core.permissions import Role


class User(AbstractUser):
    class Meta:
        verbose_name = _("کاربر")
        verbose_name_plural = _("کاربران")

    def cached_role_assignments(self) -> list["RoleAssignment"]:
        # Read once per request: every permission check and scope filter asks for them.
        if not hasattr(self, "_role_assignments"):
            self._role_assignments = list(self.role_assignments.select_related("area"))
        return self._role_assignments

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """A user holds ``role`` over ``area`` and everything under it (no area: the country)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("نقش"), max_length=30, choices=Role.choices)
    area = models.ForeignKey(
        "geography.Area", verbose_name=_("منطقه"), null=True, blank=True, on_delete=models.PROTECT
    )
    # For programme officers: the module (app label) they run, e.g. "loans"; blank = all.
    module = models.CharField(_("ماژول"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("دستگاه"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("نقش کاربر")
        verbose_name_plural = _("نقش‌های کاربران")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area", "module"], name="unique_role_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.area or _('کشور')}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("نام"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("توکن API")
        verbose_name_plural = _("توکن‌های API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class LoginThrottle(models.Model):
    """Failed logins counted per (user name, address), per address and per user name.

    Rows are keyed by the user name as typed, whether or not such a user exists, so that an
    unknown name and a wrong password meet the same counters and the same answers.
    docs/adr/0007-login-throttling.md explains the three counters.
    """

    class Scope(models.TextChoices):
        PAIR = "pair", _("نام کاربری از یک نشانی")
        ADDRESS = "address", _("نشانی")
        ACCOUNT = "account", _("نام کاربری")

    scope = models.CharField(_("دامنه"), max_length=10, choices=Scope.choices)
    username = models.CharField(_("نام کاربری"), max_length=150, blank=True)
    address = models.CharField(_("نشانی IP"), max_length=45, blank=True)
    failures = models.PositiveIntegerField(_("ورودهای ناموفق"), default=0)
    window_start = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(_("قفل تا"), null=True, blank=True)
    # Pair rows only: the last successful login, which makes the address a known one.
    succeeded_at = models.DateTimeField(_("آخرین ورود موفق"), null=True, blank=True)

    class Meta:
        verbose_name = _("شمارندهٔ ورود ناموفق")
        verbose_name_plural = _("شمارنده‌های ورود ناموفق")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "username", "address"], name="unique_login_throttle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.username} {self.address}".strip()
