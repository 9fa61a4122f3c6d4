import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from .importing import FORMATS, MAPPINGS
from .languages import language_name
from .models import Resource


def _blank(choices):
    return [("", _("any")), *choices]


def catalogue_languages() -> list[tuple[str, str]]:
    """The published catalogue's languages, named for people ("French", "Français"), by name.

    Used as callable choices: read when the filter is drawn or a language is asked for, so an
    API call without one costs no query."""
    codes = (
        Resource.objects.published().order_by("language").values_list("language", flat=True)
    ).distinct()
    return sorted(((code, language_name(code)) for code in codes), key=lambda c: c[1])


class ResourceSearchForm(forms.Form):
    """The catalogue's search box and filters, shared by the pages and the API."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_blank(Resource.Kind.choices))
    language = forms.ChoiceField(label=_("Language"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=_blank(Resource.Format.choices)
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=_blank(Resource.Level.choices)
    )
    provider = forms.SlugField(label=_("Provider"), required=False)
    skill = forms.CharField(
        label=_("Skill"), required=False, max_length=255, help_text=_("Skill id or URI.")
    )
    price_min = forms.DecimalField(label=_("Price from"), required=False, min_value=0)
    price_max = forms.DecimalField(label=_("Price up to"), required=False, min_value=0)
    hours_min = forms.DecimalField(label=_("Hours from"), required=False, min_value=0)
    hours_max = forms.DecimalField(label=_("Hours up to"), required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per form, and only when drawn or a language is asked for.
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = functools.cache(lambda: _blank(catalogue_languages()))

    def clean_language(self):
        return self.cleaned_data["language"].lower()

    def filters(self) -> dict:
        """Cleaned, non-empty filters as keyword arguments for selectors.resource_search."""
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Resource file (CSV or JSON)"))
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("from the file name")), *((f, f.upper()) for f in FORMATS)],
    )
    mapping = forms.ChoiceField(
        label=_("Layout"),
        required=False,
        choices=[("", _("resource file format")), *((m, m) for m in sorted(MAPPINGS))],
    )
    provider = forms.CharField(
        label=_("Provider"),
        required=False,
        max_length=200,
        help_text=_("For rows that name none (or instead of the platform, with a layout)."),
    )
    publish = forms.BooleanField(
        label=_("Publish resources that teach at least one skill"), required=False
    )
