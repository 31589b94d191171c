"""The account's API tokens: listed, made (the secret shown once), revoked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from api.forms import TokenCreateForm
from api.problems import Problem, problem_response
from api.tokens import token_create, token_revoke, tokens_of
from journeymap.lib.http import INVALID, HtmxHttpRequest

TOKENS_PAGE = "api/tokens.html"


def tokens_page(
    request: HtmxHttpRequest, form: TokenCreateForm, *, secret: str = "", status: int = 200
) -> HttpResponse:
    context = {"tokens": tokens_of(request.user), "form": form, "secret": secret}
    response = render(request, TOKENS_PAGE, context, status=status)
    if secret:
        response["Cache-Control"] = "no-store"  # the secret must not stay in any cache
    return response


def api_not_found(request: HttpRequest) -> HttpResponse:
    return problem_response(Problem(404, "The API has no such address: /api/docs lists them all."))


@login_required
@require_GET
def tokens(request: HtmxHttpRequest) -> HttpResponse:
    return tokens_page(request, TokenCreateForm())


@login_required
@require_POST
def token_new(request: HtmxHttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return tokens_page(request, form, status=INVALID)
    _token, secret = token_create(user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at())
    return tokens_page(request, TokenCreateForm(), secret=secret)


@login_required
@require_POST
def token_revoke_view(request: HtmxHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(tokens_of(request.user), pk=token_id)
    token_revoke(token=token)
    messages.success(request, _("The token “%s” no longer works.") % token.name)
    return redirect("api:tokens")
