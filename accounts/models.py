from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using the site. Everyone signs up as a job-seeker; staff create counsellors."""

    class Role(models.TextChoices):
        JOB_SEEKER = "jobseeker", _("Job-seeker")
        COUNSELLOR = "counsellor", _("Career counsellor")
        STAFF = "staff", _("Staff")

    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.JOB_SEEKER, db_index=True
    )
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def is_counsellor(self) -> bool:
        return self.role == self.Role.COUNSELLOR

    @property
    def is_job_seeker(self) -> bool:
        return self.role == self.Role.JOB_SEEKER
