"""The one skill-level scale used everywhere (docs/design.md): 0 none … 5 expert."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

MIN_LEVEL = 0
MAX_LEVEL = 5

LEVEL_CHOICES = [
    (0, _("0 · none")),
    (1, _("1 · awareness")),
    (2, _("2 · foundations")),
    (3, _("3 · applies with guidance")),
    (4, _("4 · autonomous")),
    (5, _("5 · expert")),
]

LEVEL_VALIDATORS = [MinValueValidator(MIN_LEVEL), MaxValueValidator(MAX_LEVEL)]
