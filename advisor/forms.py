from dataclasses import dataclass

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from courses.models import Resource
from skills.levels import LEVEL_CHOICES, MAX_LEVEL, MIN_LEVEL
from skills.models import Occupation, Sector, Skill

from .models import PathStep, Profile, validate_current_job

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

    def clean_occupation(self) -> Occupation:
        occupation = self.cleaned_data["occupation"]
        validate_current_job(occupation)
        return occupation


@dataclass
class SkillRow:
    """One skill of a skills form: its level field, its remove box, and what to show beside it."""

    skill: Skill
    level_name: str
    remove_name: str | None = None
    current: int | None = None  # the level saved in the profile, if any
    proposed: int | None = None  # the level a CV reading proposes, if any
    evidence: str = ""  # the words of the CV that made us propose it
    adding: bool = False  # picked in the search results, not saved yet


def _level_field(skill: Skill, initial: int | None, *, required: bool) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=skill.label,
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=initial,
        required=required,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a level from %(low)s to %(high)s for %(skill)s.")
            % {"low": MIN_LEVEL, "high": MAX_LEVEL, "skill": skill.label}
        },
    )


class _SkillRowsForm(forms.Form):
    rows: list[SkillRow]

    def bound_rows(self):
        for row in self.rows:
            remove = self[row.remove_name] if row.remove_name else None
            yield row, self[row.level_name], remove

    def _kept(self) -> list[SkillRow]:
        return [
            row
            for row in self.rows
            if not (row.remove_name and self.cleaned_data.get(row.remove_name))
        ]

    def removed(self) -> list[int]:
        return [
            row.skill.pk
            for row in self.rows
            if row.remove_name and self.cleaned_data.get(row.remove_name)
        ]


class SkillLevelsForm(_SkillRowsForm):
    """The person's saved skills with their levels, and the skills they are adding.

    A saved skill's radios (`level_<id>`) start at the saved level, so its level changes only
    when the person picks another. Skills picked in the search results post under names of their
    own (an `add` box, `new_level_<id>` radios with nothing pre-chosen), so a search result that
    happens to list a saved skill can never overwrite it. Choosing a level adds the skill even
    without the box; ticking the box without a level asks for one.
    """

    add = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": _("This skill is not in the list.")},
    )

    def __init__(self, data=None, *, saved: list[tuple[Skill, int]], **kwargs):
        super().__init__(data, **kwargs)
        saved_ids = {skill.pk for skill, _level in saved}
        adding: list[Skill] = []
        self.unknown_ids: list[int] = []
        if data is not None:
            wanted = [pk for pk in self.adding_ids(data) if pk not in saved_ids]
            found = Skill.objects.in_bulk(wanted)
            adding = sorted(found.values(), key=lambda skill: skill.name)
            self.unknown_ids = [pk for pk in wanted if pk not in found]
        self.rows = []
        for skill, level in saved:
            remove_name = f"remove_{skill.pk}"
            row = SkillRow(skill, f"level_{skill.pk}", remove_name, current=level)
            self.fields[row.level_name] = _level_field(skill, level, required=True)
            self.fields[remove_name] = forms.BooleanField(label=_("Remove"), required=False)
            self.rows.append(row)
        for skill in adding:
            row = SkillRow(skill, f"new_level_{skill.pk}", adding=True)
            self.fields[row.level_name] = _level_field(skill, None, required=True)
            self.rows.append(row)

    @staticmethod
    def adding_ids(data) -> list[int]:
        """Skills the posted form adds: those ticked, and those given a level without the tick."""
        ids = [raw for raw in data.getlist("add") if raw.isdecimal()]
        ids += [
            key.removeprefix("new_level_")
            for key in data
            if key.startswith("new_level_") and key.removeprefix("new_level_").isdecimal()
        ]
        return sorted({int(pk) for pk in ids})

    def clean(self):
        if self.unknown_ids:
            self.add_error("add", self.fields["add"].error_messages["invalid_choice"])
        return super().clean()

    def levels(self) -> dict[int, int]:
        return {row.skill.pk: self.cleaned_data[row.level_name] for row in self._kept()}


class SkillProposalForm(_SkillRowsForm):
    """Skills a CV reading proposes, each shown with the level saved before (if any) beside the
    proposed one. A saved level is what starts chosen: it changes only if the person picks
    another. "Leave out" drops a proposal without touching the profile."""

    def __init__(self, data=None, *, proposals: list[SkillRow], **kwargs):
        super().__init__(data, **kwargs)
        self.rows = []
        for proposal in proposals:
            skill = proposal.skill
            initial = proposal.current if proposal.current is not None else proposal.proposed
            remove_name = f"remove_{skill.pk}"
            row = SkillRow(
                skill,
                f"level_{skill.pk}",
                remove_name,
                current=proposal.current,
                proposed=proposal.proposed,
                evidence=proposal.evidence,
            )
            self.fields[row.level_name] = _level_field(skill, initial, required=True)
            self.fields[remove_name] = forms.BooleanField(label=_("Leave out"), required=False)
            self.rows.append(row)

    def levels(self) -> dict[int, int]:
        """Levels to save: new skills, and saved ones whose level the person changed."""
        return {
            row.skill.pk: self.cleaned_data[row.level_name]
            for row in self._kept()
            if self.cleaned_data[row.level_name] != row.current
        }


class SectorsForm(forms.Form):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors that interest you"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose sectors from the list.")},
    )


class ConstraintsForm(forms.ModelForm):
    """Time, budget and horizon: bounds and messages come from the model's validators."""

    start_date = forms.DateField(
        label=_("When can you start?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Profile
        fields = ["weekly_hours", "budget", "horizon_weeks", "start_date"]
        labels = {
            "weekly_hours": _("Hours per week you can give"),
            "budget": _("Budget for training (EUR)"),
            "horizon_weeks": _("In how many weeks do you want to be ready?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser shows the model's bounds too (min and max of the number inputs).
        for name, field in self.fields.items():
            for validator in Profile._meta.get_field(name).validators:
                if isinstance(validator, MinValueValidator):
                    field.widget.attrs["min"] = validator.limit_value
                elif isinstance(validator, MaxValueValidator):
                    field.widget.attrs["max"] = validator.limit_value


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
    wants_certificates = forms.BooleanField(
        label=_("I want the certificates"),
        required=False,
        help_text=_(
            "Many courses can be followed free; the certificate is paid. Tick this and your "
            "plan counts what the certificates cost, within your budget."
        ),
    )
    priority = forms.ChoiceField(
        label=_("What matters most to you"),
        choices=Profile.Priority.choices,
        widget=forms.RadioSelect,
        help_text=_("We plan three ways and show this one first; you can switch."),
        required=False,
    )

    def clean_priority(self) -> str:
        # Not answered (an older form, a script): what the person chose before stays.
        return self.cleaned_data["priority"] or self.initial.get("priority") or "soonest"


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
