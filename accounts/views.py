import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from . import selectors, services
from .forms import AccountDeleteForm, LanguageForm, SignUpForm
from .limits import SignUpsForEmail, SignUpsFromAddress, limited


@limited(SignUpsFromAddress, SignUpsForEmail)
def signup(request):
    if request.user.is_authenticated:
        return redirect("advisor:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.preferred_language = (get_language() or "en")[:2]
        user.save()
        # Axes needs to know which backend authenticated the new user.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Tell us where you stand, a step at a time."))
        return redirect("advisor:onboarding", step="occupation")
    return render(request, "registration/signup.html", {"form": form})


@require_POST
def language(request):
    """Switches the language; signed-in people keep it on every device they use."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This language is not available."))
        return redirect("home")
    if request.user.is_authenticated:
        services.user_preferred_language_set(
            user=request.user, language=form.cleaned_data["language"]
        )
    return set_language(request)


@login_required
def my_data(request):
    form = AccountDeleteForm(user=request.user)
    return render(request, "accounts/my_data.html", {"form": form})


@login_required
def my_data_download(request):
    data = selectors.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="reconversion-my-data-{stamp}.json"'
    return response


@login_required
@require_POST
def account_delete(request):
    form = AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/my_data.html", {"form": form}, status=400)
    user = request.user
    logout(request)
    services.user_delete(user=user)
    messages.success(request, _("Your account and all your data have been deleted."))
    return redirect("home")
