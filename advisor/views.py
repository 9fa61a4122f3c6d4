from django.db.models import Count, Q
from django.shortcuts import render

from courses.models import Resource
from skills.models import Sector


def home(request):
    sectors = Sector.objects.annotate(
        role_count=Count("occupations", filter=Q(occupations__is_target=True))
    ).order_by("name")
    context = {
        "sectors": sectors,
        "resource_count": Resource.objects.published().count(),
    }
    return render(request, "home.html", context)
