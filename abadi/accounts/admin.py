"""User administration for the system administrator. Every save is audited like a service."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from abadi.accounts.models import LoginThrottle, RoleAssignment, User
from abadi.core.audit import audit_record, snapshot

AUDITED_USER_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["area", "organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "is_active"]

    def save_model(self, request, obj, form, change):
        old = snapshot(User.objects.get(pk=obj.pk), AUDITED_USER_FIELDS) if change else None
        super().save_model(request, obj, form, change)
        action = "user.update" if change else "user.create"
        audit_record(
            actor=request.user,
            action=action,
            obj=obj,
            old=old,
            new=snapshot(obj, AUDITED_USER_FIELDS),
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        roles = [
            {"role": a.role, "area": a.area.code if a.area else None, "module": a.module}
            for a in form.instance.role_assignments.select_related("area")
        ]
        audit_record(
            actor=request.user, action="user.roles", obj=form.instance, new={"roles": roles}
        )

    def delete_model(self, request, obj):
        # Users with a history are deactivated instead (audit rows point at them).
        obj.is_active = False
        obj.save(update_fields=["is_active"])
        audit_record(actor=request.user, action="user.deactivate", obj=obj)


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Who is failing to log in, from where: to read only. Locks lift by themselves."""

    list_display = ["scope", "username", "address", "failures", "locked_until", "succeeded_at"]
    list_filter = ["scope"]
    search_fields = ["username", "address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
