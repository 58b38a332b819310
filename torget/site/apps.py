from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """What spans every app: the back office's site, the demo, the benchmark dataset, the
    code lists and the staff menu. It sits on top, so it may import any app; no app
    imports it."""

    name = "torget.site"
    label = "site"
    verbose_name = _("Torget")

    def ready(self) -> None:
        from torget.core import checks  # noqa: F401 (production settings: check --deploy)
        from torget.site import person, workday

        workday.register()  # panels and menu entries of the staff home
        person.register()  # a person's data: the administrators' page in the menu
