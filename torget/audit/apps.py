from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Listed after every other app of Torget's in INSTALLED_APPS: ready() reads the
    personal-data registry the others fill in theirs."""

    name = "torget.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from auditlog.signals import pre_log

        from torget.audit import personal_data, receivers, registry

        registry.register_all()
        pre_log.connect(receivers.keep_staff_writes, dispatch_uid="torget.audit.staff_only")
        personal_data.register()
