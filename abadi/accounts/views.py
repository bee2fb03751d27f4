from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from abadi.accounts.forms import LoginForm
from abadi.core.access import public


@public
def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "core:home"
        return redirect(target)
    return render(request, "accounts/login.html", {"form": form})


@public
@require_POST
def logout_view(request):
    logout(request)
    return redirect("accounts:login")
