"""The members page of a map (a page, and a panel htmx swaps in place) and the pages an
invitation link opens. Every member sees who else is on the map; only those who may
manage it (maps/access.py) change anything."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from journeymap.lib.http import INVALID, HtmxHttpRequest, page_or_fragment
from maps.access import MapAccess, map_for_managing, map_for_viewing
from maps.models import MapInvitation
from review.member_forms import InvitationSignupForm, MemberInviteForm, MemberRoleForm, OwnershipTransferForm
from review.members import (
    INVITABLE_ROLES,
    InvitationState,
    MemberError,
    invitation_accept,
    invitation_by_token,
    invitation_problem,
    invitation_revoke,
    map_members,
    member_invite,
    member_of,
    member_remove,
    member_role_change,
    ownership_transfer,
    pending_invitations,
)
from review.notices import mail_is_delivered

MEMBERS_PAGE = "review/members.html"
INVITATION_PAGE = "review/invitation.html"
# The link of an invitation just made, kept in the session until the members page shows it
# once (a plain form post answers with a redirect, so the page cannot carry it itself).
JUST_INVITED = "just_invited"


def site_url(request: HtmxHttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def members_answer(
    request: HtmxHttpRequest, access: MapAccess, *, form=None, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "map": access.map,
        "access": access,
        "members": map_members(access.map),
        "invitations": pending_invitations(access.map) if access.may_manage else [],
        "form": form or MemberInviteForm(),
        "roles": [(role.value, role.label) for role in INVITABLE_ROLES],
        "error": error,
        "just_invited": request.session.pop(JUST_INVITED, None),
        "mail_is_delivered": mail_is_delivered(),
    }
    return page_or_fragment(request, MEMBERS_PAGE, "panel", context, status=status)


def after_change(request: HtmxHttpRequest, access: MapAccess, message: str) -> HttpResponse:
    if not request.htmx:
        messages.success(request, message)
        return redirect("maps:members", access.map.pk)
    return members_answer(request, access)


def refused(request: HtmxHttpRequest, access: MapAccess, error: MemberError) -> HttpResponse:
    if not request.htmx:
        messages.error(request, str(error))
        return redirect("maps:members", access.map.pk)
    return members_answer(request, access, error=str(error), status=INVALID)


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = (
        map_for_viewing(request.user, map_id) if request.method == "GET" else map_for_managing(request.user, map_id)
    )
    if request.method == "GET":
        return members_answer(request, access)
    form = MemberInviteForm(request.POST)
    if not form.is_valid():
        return members_answer(request, access, form=form, status=INVALID)
    try:
        invited = member_invite(
            journey_map=access.map,
            by=request.user,
            identifier=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
            site_url=site_url(request),
        )
    except MemberError as error:
        form.add_error("user", str(error))
        return members_answer(request, access, form=form, status=INVALID)
    if invited.invitation is not None:
        request.session[JUST_INVITED] = {"email": invited.invitation.email, "link": invited.link}
        message = _("Invitation sent to %s.") % invited.invitation.email
    else:
        assert invited.member is not None
        message = _("%(name)s is now a member, as %(role)s.") % {
            "name": invited.member.user.username,
            "role": invited.member.get_role_display().lower(),
        }
    return after_change(request, access, message)


@login_required
@require_POST
def member_role(request: HtmxHttpRequest, map_id: int, member_id: int) -> HttpResponse:
    access = map_for_managing(request.user, map_id)
    form = MemberRoleForm(request.POST)
    try:
        member = member_of(access.map, member_id)
        if not form.is_valid():
            raise MemberError(_("Choose editor, reviewer or viewer."))
        member_role_change(member=member, by=request.user, role=form.cleaned_data["role"], site_url=site_url(request))
    except MemberError as error:
        return refused(request, access, error)
    return after_change(request, access, _("%s has a new role.") % member.user.username)


@login_required
@require_POST
def member_remove_view(request: HtmxHttpRequest, map_id: int, member_id: int) -> HttpResponse:
    access = map_for_managing(request.user, map_id)
    try:
        member = member_of(access.map, member_id)
        member_remove(member=member, by=request.user, site_url=site_url(request))
    except MemberError as error:
        return refused(request, access, error)
    return after_change(request, access, _("%s no longer has access to the map.") % member.user.username)


@login_required
@require_POST
def owner_transfer(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    access = map_for_managing(request.user, map_id)
    form = OwnershipTransferForm(request.POST)
    try:
        if not form.is_valid():
            raise MemberError(_("Choose the member who takes the map over."))
        member = member_of(access.map, form.cleaned_data["member"])
        ownership_transfer(journey_map=access.map, to=member, by=request.user, site_url=site_url(request))
    except MemberError as error:
        return refused(request, access, error)
    # The former owner is an editor now: the page they get back shows it.
    messages.success(request, _("%s owns the map now; you stay on as an editor.") % member.user.username)
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": reverse("maps:members", args=[map_id])})
    return redirect("maps:members", map_id)


@login_required
@require_POST
def invitation_revoke_view(request: HtmxHttpRequest, map_id: int, invitation_id: int) -> HttpResponse:
    access = map_for_managing(request.user, map_id)
    invitation = get_object_or_404(MapInvitation, map=access.map, pk=invitation_id)
    invitation_revoke(invitation=invitation)
    return after_change(request, access, _("The invitation of %s no longer works.") % invitation.email)


# The invitation link: open to anyone who has it, logged in or not.


def invitation_page(
    request: HtmxHttpRequest, token: str, *, signup: InvitationSignupForm | None = None, status: int = 200
) -> HttpResponse:
    invitation, state = invitation_by_token(token)
    context = {
        "invitation": invitation,
        "state": state,
        "problem": invitation_problem(state),
        "token": token,
        "signup": signup or InvitationSignupForm(),
        "login_url": reverse("login") + "?next=" + reverse("maps:invitation", args=[token]),
    }
    # A link that no longer works is a page that says so, with the status that fits it.
    if state == InvitationState.UNKNOWN:
        status = 404
    elif state != InvitationState.PENDING:
        status = 410
    return render(request, INVITATION_PAGE, context, status=status)


@require_http_methods(["GET", "POST"])
def invitation(request: HtmxHttpRequest, token: str) -> HttpResponse:
    if request.method == "GET" or not request.user.is_authenticated:
        return invitation_page(request, token)
    try:
        accepted = invitation_accept(token=token, user=request.user, site_url=site_url(request))
    except MemberError:
        return invitation_page(request, token)
    messages.success(request, _("Welcome to “%s”.") % accepted.map.title)
    return redirect(accepted.map)


@require_POST
def invitation_signup(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """A new account for the invited address, logged in, and the invitation accepted: all or nothing."""
    invited, state = invitation_by_token(token)
    if invited is None or state != InvitationState.PENDING:
        return invitation_page(request, token)
    form = InvitationSignupForm(request.POST)
    if not form.is_valid():
        return invitation_page(request, token, signup=form, status=INVALID)
    user = form.save(commit=False)
    user.email = invited.email
    try:
        accepted = _signup_and_accept(user, token, site_url(request))
    except MemberError:
        return invitation_page(request, token)
    # The account was made just now, with a password: the model backend vouches for it.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome to “%s”.") % accepted.map.title)
    return redirect(accepted.map)


@transaction.atomic
def _signup_and_accept(user, token: str, url: str) -> MapInvitation:
    user.save()
    return invitation_accept(token=token, user=user, site_url=url)
