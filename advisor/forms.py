from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Resource
from skills.levels import LEVEL_CHOICES
from skills.models import Occupation, Sector, Skill

from .models import PathStep, Profile

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("de", _("German")),
]


class OccupationForm(forms.Form):
    occupation = forms.ModelChoiceField(
        label=_("Your current or last job"),
        queryset=Occupation.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Search for your job, then choose it in the list."),
            "invalid_choice": _("Choose a job from the list."),
        },
    )

    def clean_occupation(self):
        occupation = self.cleaned_data["occupation"]
        if occupation.is_target:
            raise forms.ValidationError(
                _(
                    "“%(role)s” is an AI-era role you can aim for, not a current job: "
                    "search for the job you do or last did."
                ),
                code="target_role",
                params={"role": occupation.label},
            )
        return occupation


class SkillLevelsForm(forms.Form):
    """Levels for the skills already in the profile plus any just added.

    One radio group per skill (`level_<id>`) showing the wording of each level; a
    `remove_<id>` box drops a skill. Skill ids come from the profile and from the posted
    `skill` values, which must exist in the taxonomy.
    """

    skill = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": _("This skill is not in the list.")},
    )

    def __init__(self, *args, skills: list[tuple[Skill, int | None]], removable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for skill, level in skills:
            level_field = forms.TypedChoiceField(
                label=skill.label,
                choices=LEVEL_CHOICES,
                coerce=int,
                initial=level,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a level from 0 to 5.")},
            )
            self.fields[f"level_{skill.pk}"] = level_field
            remove_name = None
            if removable:
                remove_name = f"remove_{skill.pk}"
                self.fields[remove_name] = forms.BooleanField(label=_("Remove"), required=False)
            self.rows.append((skill, f"level_{skill.pk}", remove_name))

    def bound_rows(self):
        for skill, level_name, remove_name in self.rows:
            yield skill, self[level_name], self[remove_name] if remove_name else None

    def levels(self) -> dict[int, int]:
        return {
            skill.pk: self.cleaned_data[level_name]
            for skill, level_name, remove_name in self.rows
            if not (remove_name and self.cleaned_data.get(remove_name))
        }

    def removed(self) -> list[int]:
        return [
            skill.pk
            for skill, _level, remove_name in self.rows
            if remove_name and self.cleaned_data.get(remove_name)
        ]


class SectorsForm(forms.Form):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors that interest you"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose sectors from the list.")},
    )


class ConstraintsForm(forms.ModelForm):
    weekly_hours = forms.IntegerField(
        label=_("Hours per week you can give"), min_value=1, max_value=80
    )
    budget = forms.DecimalField(
        label=_("Budget for training (EUR)"), min_value=0, max_digits=9, decimal_places=2
    )
    horizon_weeks = forms.IntegerField(
        label=_("In how many weeks do you want to be ready?"), min_value=1, max_value=260
    )
    start_date = forms.DateField(
        label=_("When can you start?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Profile
        fields = ["weekly_hours", "budget", "horizon_weeks", "start_date"]


class PreferencesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages you can learn in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats that suit you"),
        choices=Resource.Format.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one format.")},
    )


class CvTextForm(forms.Form):
    text = forms.CharField(
        label=_("Paste your CV or describe your experience"),
        min_length=30,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Paste some text first."),
            "min_length": _("Write at least a few sentences (30 characters or more)."),
        },
    )


class PlanRequestForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Target role"),
        queryset=Occupation.objects.filter(is_target=True),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose one of the suggested roles.")},
    )


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PathStep.Status.choices)
