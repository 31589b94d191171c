"""Logging in, and one's account: who one is logged in as, and "log out everywhere"."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import LoginForm
from accounts.sessions import active_session_count, end_other_sessions

# Too Many Requests: the form again, saying when to try again.
LOCKED_OUT = 429


class LoginView(auth_views.LoginView):
    form_class = LoginForm

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.locked_until is not None:
            response.status_code = LOCKED_OUT
        return response


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"session_count": active_session_count(request.user)})


@login_required
@require_POST
def log_out_everywhere(request: HttpRequest) -> HttpResponse:
    """Ends every other session of the user and renews this one's key, so that a copy of
    any of their cookies, this browser's included, no longer logs anybody in."""
    ended = end_other_sessions(request.user, request.session)
    messages.success(
        request,
        ngettext(
            "You were logged out of %(count)d other session; this one goes on with a new key.",
            "You were logged out of %(count)d other sessions; this one goes on with a new key.",
            ended,
        )
        % {"count": ended},
    )
    return redirect("account")
