from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .forms import ResourceSearchForm
from .models import Provider
from .selectors import resource_search, resources_visible_to, with_skills

PAGE_SIZE = 20


def catalogue(request):
    """Browse and search the catalogue; invalid filters are shown on the form, not a 500."""
    form = ResourceSearchForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        resources = resource_search(user=request.user).none()
    else:
        resources = resource_search(user=request.user, **filters)
    page = Paginator(with_skills(resources), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "providers": Provider.objects.filter(resources__in=resources_visible_to(request.user))
        .distinct()
        .order_by("name"),
        "query_string": query.urlencode(),
    }
    return render(request, "courses/catalogue.html", context)


def resource_detail(request, pk: int):
    resource = get_object_or_404(
        with_skills(resources_visible_to(request.user).select_related("provider")), pk=pk
    )
    links = list(resource.skill_links.all())
    context = {
        "resource": resource,
        "taught": [link for link in links if link.level_taught],
        "required": [link for link in links if link.level_required],
    }
    return render(request, "courses/resource_detail.html", context)
