import factory

from advisor.models import Profile
from tests.accounts.factories import UserFactory


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    weekly_hours = 10
    budget = 500
    horizon_weeks = 26
