from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from maps.models import Role

INVITABLE = [(role.value, role.label) for role in (Role.EDITOR, Role.REVIEWER, Role.VIEWER)]


class MemberInviteForm(forms.Form):
    user = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        help_text=_("Someone without an account gets an e-mail with a link to join."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("cxlead or name@example.com")}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=INVITABLE, initial=Role.VIEWER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=INVITABLE)


class OwnershipTransferForm(forms.Form):
    member = forms.IntegerField(label=_("New owner"), min_value=1)


class InvitationSignupForm(UserCreationForm):
    """An account made on the way to accepting an invitation, with the invited address."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)
