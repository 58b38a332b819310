"""Code lists for hubs and spaces: stable snake_case codes, translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleCode(models.TextChoices):
    CITIZEN_SERVICE = "citizen_service", _("Citizen service")
    LIBRARY = "library", _("Library")
    LIBRARY_DEPARTMENT = "library_department", _("Library department")
    BOOK_OFFER = "book_offer", _("Book offer")
    SENIOR_CENTRE = "senior_centre", _("Senior centre")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    CULTURE_ARENA = "culture_arena", _("Culture arena")
    HEALTH_STATION = "health_station", _("Health station")
    YOUTH_CLUB = "youth_club", _("Youth club")
    CAFE = "cafe", _("Café")
    LENDING_CENTRAL = "lending_central", _("Lending central")


class ModuleLevel(models.TextChoices):
    BASIC = "basic", _("Basic module")
    ADD_ON = "add_on", _("Add-on module")


class Zone(models.TextChoices):
    """The five zones of the hub concept: what one can do where."""

    FOCUS_WORK = "focus_work", _("Focus and work")
    ACTIVE_CREATIVE = "active_creative", _("Active and creative")
    CITIZEN_SERVICE = "citizen_service", _("Citizen service")
    MEET_EXPERIENCE = "meet_experience", _("Meet and experience")
    TAKE_PART = "take_part", _("Take part and contribute")


ZONE_DESCRIPTIONS = {
    Zone.FOCUS_WORK: _("Sit and work or study, book rooms for meetings, group work and courses."),
    Zone.ACTIVE_CREATIVE: _(
        "Be creative with others who share an interest, take part in or run courses and "
        "activities, make some noise, be physically active."
    ),
    Zone.CITIZEN_SERVICE: _(
        "Get in touch with the municipality in person or digitally, meet municipal services, "
        "get help with applications, borrow, print and copy."
    ),
    Zone.MEET_EXPERIENCE: _(
        "Meet other residents, relax, read newspapers and books, see performances and "
        "other cultural events."
    ),
    Zone.TAKE_PART: _(
        "Connect with other groups, get help planning an event or initiative, take part in "
        "local democracy and give input to the municipality."
    ),
}


class SpaceKind(models.TextChoices):
    ROOM = "room", _("Meeting room")
    HALL = "hall", _("Hall")
    ZONE = "zone", _("Open zone")
    DESK = "desk", _("Work desk")
    PC = "pc", _("Public PC")
    KITCHEN = "kitchen", _("Kitchen")
    STUDIO = "studio", _("Studio")


class Feature(models.TextChoices):
    PROJECTOR = "projector", _("Projector")
    SCREEN = "screen", _("Large screen")
    VIDEO_CONFERENCE = "video_conference", _("Video conference equipment")
    SOUND_SYSTEM = "sound_system", _("Sound system")
    PIANO = "piano", _("Piano")
    KITCHEN = "kitchen", _("Kitchen")
    COFFEE_MACHINE = "coffee_machine", _("Coffee machine")
    WHITEBOARD = "whiteboard", _("Whiteboard")
    STAGE = "stage", _("Stage")
    PRINTER = "printer", _("Printer")
    WIFI = "wifi", _("Wi-Fi")
    SINK = "sink", _("Sink")


class ResourceKind(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment")
    LENDING = "lending", _("Lending central item")
    STAFF = "staff", _("Staff")


class HoursKind(models.TextChoices):
    STAFFED = "staffed", _("Staffed")
    SELF_SERVICE = "self_service", _("Self-service (meråpent)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class NoticeLevel(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CLOSED = "closed", _("Closed")
