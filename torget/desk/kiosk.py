"""What the kiosk offers: the municipality's common forms and services.

The addresses below are EXAMPLES (the reserved .example domain, RFC 2606): a municipality
replaces them with its own. The kiosk page says so next to each link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class KioskLink:
    label: str | Promise
    description: str | Promise
    url: str
    example: bool = True  # an invented address: the page marks it


KIOSK_LINKS: tuple[KioskLink, ...] = (
    KioskLink(
        _("Apply for a kindergarten place"),
        _("Admission, change of kindergarten and reduced fees."),
        "https://kommune.example/barnehage/soknad",
    ),
    KioskLink(
        _("Building and planning"),
        _("Apply for a building permit, look up your property and the zoning plan."),
        "https://kommune.example/bygg-og-eiendom",
    ),
    KioskLink(
        _("Health and care services"),
        _("Home care, safety alarm, meals and respite care."),
        "https://kommune.example/helse-og-omsorg",
    ),
    KioskLink(
        _("Housing"),
        _("Municipal housing, housing allowance and start-up loans."),
        "https://kommune.example/bolig",
    ),
    KioskLink(
        _("Property tax and municipal fees"),
        _("Invoices, payment and complaints about fees."),
        "https://kommune.example/skatt-og-avgifter",
    ),
    KioskLink(
        _("Send a message to the municipality"),
        _("The municipality's contact form and secure digital mailbox."),
        "https://kommune.example/kontakt",
    ),
)
