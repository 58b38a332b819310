"""What the site itself keeps: the record of each erasure on request (torget.site.person)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRecord(models.Model):
    """That a person was erased, by whom and when, and how many rows each kind held: the
    account's id only, never what was erased. Not a kind of personal data: the id names
    nobody once the account is erased (its row is deleted, or kept as "slettet-<id>")."""

    at = models.DateTimeField(_("erased"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    user_id_erased = models.PositiveIntegerField(_("account id"))
    counts = models.JSONField(_("rows per kind"), default=dict)

    class Meta:
        ordering = ("-at",)
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"#{self.user_id_erased} {self.at:%Y-%m-%d}"
