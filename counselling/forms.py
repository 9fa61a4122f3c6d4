from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.models import Resource
from skills.levels import LEVEL_CHOICES

from .selectors import CASELOAD_FLAGS, CASELOAD_ORDERINGS


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form; unknown fields become form-wide errors."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class InvitationForm(forms.Form):
    client = forms.CharField(
        label=_("Client's username or e-mail"),
        max_length=254,
        required=False,
        help_text=_("Leave empty to get a code you hand to the client yourself."),
    )
    message = forms.CharField(
        label=_("Message to the client"), max_length=500, required=False, widget=forms.Textarea
    )
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=90, initial=14
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Access code"), max_length=16)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("New note"), max_length=10_000, widget=forms.Textarea)


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Reason (the client reads it)"))
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)


class RemoveStepForm(forms.Form):
    reason = ReasonField()


class MoveStepForm(forms.Form):
    position = forms.IntegerField(label=_("New position"), min_value=1, max_value=500)
    reason = ReasonField()


class AddStepForm(forms.Form):
    resource = forms.ModelChoiceField(
        label=_("Resource"), queryset=Resource.objects.published(), widget=forms.HiddenInput
    )
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=500)
    reason = ReasonField()


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the client"), max_length=2000, required=False, widget=forms.Textarea
    )


class ValidateSkillForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level seen"), choices=LEVEL_CHOICES, coerce=int)
    note = forms.CharField(label=_("Evidence"), max_length=2000)


class CaseloadFilterForm(forms.Form):
    flag = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("all clients")),
            ("stalled", _("stalled")),
            ("awaiting_approval", _("plan awaiting approval")),
        ],
    )
    target = forms.CharField(label=_("Target role"), required=False, max_length=64)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-activity", _("latest activity")),
            ("activity", _("oldest activity")),
            ("-readiness", _("readiness, highest first")),
            ("readiness", _("readiness, lowest first")),
            ("-progress", _("most steps done")),
            ("progress", _("fewest steps done")),
            ("name", _("name")),
        ],
    )

    def clean_flag(self):
        flag = self.cleaned_data["flag"]
        return flag if flag in CASELOAD_FLAGS else ""

    def clean_sort(self):
        sort = self.cleaned_data["sort"]
        return sort if sort in CASELOAD_ORDERINGS else ""
