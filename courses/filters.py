"""The catalogue's filters as a django-filter FilterSet, so the API's parameters are generated
into the OpenAPI schema from the same declaration that filters."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from .forms import ResourceSearchForm
from .models import Resource
from .selectors import resource_search


class ResourceFilter(filters.FilterSet):
    """`?q=` and the filters of the catalogue's search page, for the API.

    Validation is the page's own form (ResourceSearchForm: one definition of what a filter
    accepts, for pages and API); these filters name the parameters and their types for the
    schema. A bad value answers 400 naming the parameter (DjangoFilterBackend)."""

    q = filters.CharFilter(label="Full-text query (ranked).")
    kind = filters.ChoiceFilter(choices=Resource.Kind.choices)
    language = filters.CharFilter(label="ISO 639-1 code of a language the catalogue has.")
    format = filters.ChoiceFilter(choices=Resource.Format.choices)
    level = filters.ChoiceFilter(choices=Resource.Level.choices)
    provider = filters.CharFilter(label="Provider slug.")
    skill = filters.CharFilter(label="Taught skill: id or URI.")
    price_min = filters.NumberFilter(label="Price from (EUR).")
    price_max = filters.NumberFilter(label="Price up to (EUR).")
    hours_min = filters.NumberFilter(label="Hours from.")
    hours_max = filters.NumberFilter(label="Hours up to.")

    class Meta:
        model = Resource
        fields: list[str] = []
        form = ResourceSearchForm

    def get_form_class(self) -> type[ResourceSearchForm]:
        return ResourceSearchForm

    def filter_queryset(self, queryset: QuerySet[Resource]) -> QuerySet[Resource]:
        # The catalogue's one search (visibility, full-text ranking): it starts from what the
        # user may see, as the view's own queryset does.
        return resource_search(user=self.request.user, **self.form.filters())
