"""Logging in, and one's account: who one is logged in as, their language, and "log out everywhere"."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import GridViewForm, LanguageForm, LoginForm
from accounts.grid_view import remember_grid_view
from accounts.languages import SESSION_KEY, is_offered, remember_language, set_language_cookie
from accounts.models import Profile
from accounts.sessions import active_session_count, end_other_sessions
from journeymap.lib.http import INVALID

# Too Many Requests: the form again, saying when to try again.
LOCKED_OUT = 429
NO_CONTENT = 204


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
    language_form = LanguageForm(initial={"language": request.session.get(SESSION_KEY, "")})
    return render(
        request,
        "accounts/account.html",
        {"session_count": active_session_count(request.user), "language_form": language_form},
    )


@login_required
@require_POST
def account_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return redirect("account")
    language = form.cleaned_data["language"]
    remember_language(request, request.user, language)
    response = redirect("account")
    set_language_cookie(response, language)
    return response


@login_required
@require_POST
def grid_view(request: HttpRequest) -> HttpResponse:
    """Keeps how the person reads the map grid. The page has already changed it in place
    with JavaScript (204); a plain post goes back to the page it came from."""
    form = GridViewForm(request.POST, instance=Profile.of(request.user))
    if form.is_valid():
        remember_grid_view(request, form.save())
    if request.headers.get("HX-Request"):
        return HttpResponse(status=NO_CONTENT if form.is_valid() else INVALID)
    back = form.cleaned_data.get("next", "") if form.is_valid() else request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = "/"
    return redirect(back)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (the browser's cookie), which a logged-in person's profile
    also remembers, for the other browsers they use."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)
    if request.user.is_authenticated and is_offered(language):
        remember_language(request, request.user, language)
    return response


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
