"""Code lists the ledger counts by, kept by the front desk: the default inquiry topics (API.md)
and the channels an inquiry comes by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DefaultTopic(models.TextChoices):
    BUILDING_GUIDANCE = "building_guidance", _("Building and planning guidance")
    KINDERGARTEN = "kindergarten", _("Kindergarten admission")
    DIGITAL_HELP = "digital_help", _("Help with digital forms and ID")
    NAV = "nav", _("NAV")
    TAX = "tax", _("Tax")
    HEALTH_CARE = "health_care", _("Health and care services")
    HOUSING = "housing", _("Housing")
    LIBRARY = "library", _("Library")
    WHATS_ON = "whats_on", _("Activities and what is on")
    GENERAL_INFO = "general_info", _("General information")
    COMPLAINT = "complaint", _("Complaint")
    LOST_FOUND = "lost_found", _("Lost and found")
    JUST_A_CHAT = "just_a_chat", _("Just a chat")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    VIDEO = "video", _("Video")
    EMAIL = "email", _("E-mail")


# The default topics' bokmål labels, as seeded (migration 0002 keeps its own frozen copy).
# The taxonomy's labels are data, edited in the back office, not translation strings.
DEFAULT_TOPIC_LABELS_NB = {
    DefaultTopic.BUILDING_GUIDANCE: "Byggesaksveiledning",
    DefaultTopic.KINDERGARTEN: "Barnehageopptak",
    DefaultTopic.DIGITAL_HELP: "Hjelp med digitale skjema og ID",
    DefaultTopic.NAV: "NAV",
    DefaultTopic.TAX: "Skatt",
    DefaultTopic.HEALTH_CARE: "Helse- og omsorgstjenester",
    DefaultTopic.HOUSING: "Bolig",
    DefaultTopic.LIBRARY: "Bibliotek",
    DefaultTopic.WHATS_ON: "Aktiviteter og hva som skjer",
    DefaultTopic.GENERAL_INFO: "Generell informasjon",
    DefaultTopic.COMPLAINT: "Klage",
    DefaultTopic.LOST_FOUND: "Hittegods",
    DefaultTopic.JUST_A_CHAT: "Bare en prat",
    DefaultTopic.OTHER: "Annet",
}
