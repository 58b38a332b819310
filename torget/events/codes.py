"""Code lists of events: stable snake_case codes, translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    COURSE = "course", _("Course")
    TALK = "talk", _("Talk")
    MEETING_PLACE = "meeting_place", _("Social meeting place")
    CULTURE = "culture", _("Culture")
    PHYSICAL_ACTIVITY = "physical_activity", _("Physical activity")
    LANGUAGE_CAFE = "language_cafe", _("Language café")
    JOB_CAFE = "job_cafe", _("Job café")
    DIGITAL_HELP = "digital_help", _("Digital help")
    MEAL = "meal", _("Meal")
    LOCAL_DEMOCRACY = "local_democracy", _("Local democracy")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    SENIORS = "seniors", _("Seniors (62+)")
    YOUTH = "youth", _("Youth")
    CHILDREN_FAMILIES = "children_families", _("Children and families")
    ADULTS = "adults", _("Adults")


class RegistrationMode(models.TextChoices):
    NONE = "none", _("No registration (drop in)")
    OPTIONAL = "optional", _("Registration optional")
    REQUIRED = "required", _("Registration required")


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")
    POSTPONED = "postponed", _("Postponed")


class Language(models.TextChoices):
    NB = "nb", _("Norwegian")
    EASY_NB = "nb-easy", _("Easy Norwegian")
    EN = "en", _("English")
    MULTILINGUAL = "mul", _("Several languages")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


class Approval(models.TextChoices):
    """Whether hub staff have let an organiser's event into the calendar."""

    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PaymentMethod(models.TextChoices):
    """How a registrant pays the participant fee (egenandel)."""

    AT_DESK = "at_desk", _("Pay at the desk")
    INVOICE = "invoice", _("Invoice")
    LATER = "later", _("Pay later")
