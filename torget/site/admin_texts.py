"""Texts of Django's admin templates that Django's own bokmål catalogue lacks (it was last
translated for Django 3.2). They are listed here so that `make messages`, which reads only
Torget's code, keeps them in Torget's catalogue, where the admin finds them: the back office
speaks bokmål all through. The texts the admin's JavaScript writes ("Velg alle %s") are in
torget/locale/nb/LC_MESSAGES/djangojs.po, which `make messages` does not touch."""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN_TEXTS = (
    gettext_noop("Error:"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Set password"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Thanks for spending some quality time with the web site today."),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
)

ADMIN_PLURALS = (ngettext_lazy("entry", "entries", "n"),)
