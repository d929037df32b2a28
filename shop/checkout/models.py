from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Checkout(models.Model):
    """A shopper's cart on its way to becoming an order; addressed by its secret ``token``.

    A checkout of a signed-in shopper belongs to them (nobody else may use its token); a
    guest's checkout belongs to whoever holds the token. It is deleted when it becomes an
    order (``Order.checkout_token`` keeps the link and makes completion idempotent).
    """

    token = models.UUIDField(_("token"), unique=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checkouts",
    )
    email = models.EmailField(_("email"), blank=True)
    language_code = models.CharField(_("language code"), max_length=10, default="en")
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    ship_full_name = models.CharField(_("ship full name"), max_length=120, blank=True)
    ship_phone = models.CharField(_("ship phone"), max_length=32, blank=True)
    ship_country_code = models.CharField(_("ship country code"), max_length=2, blank=True)
    ship_province = models.CharField(_("ship province"), max_length=64, blank=True)
    ship_city = models.CharField(_("ship city"), max_length=64, blank=True)
    ship_district = models.CharField(_("ship district"), max_length=64, blank=True)
    ship_street_address = models.CharField(_("ship street address"), max_length=255, blank=True)
    ship_postal_code = models.CharField(_("ship postal code"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return str(self.token)

    @property
    def has_shipping_address(self) -> bool:
        return bool(self.ship_full_name and self.ship_phone and self.ship_province and self.ship_street_address)


class CheckoutLine(models.Model):
    """A variant and quantity in a checkout, with the unit price the shopper was shown.

    ``variant`` becomes null when the variant is deleted, so completion can name the line."""

    checkout = models.ForeignKey(Checkout, verbose_name=_("checkout"), on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        verbose_name=_("variant"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="checkout_lines",
    )
    sku = models.CharField(_("sku"), max_length=64)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price_amount = models.DecimalField(_("unit price amount"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("checkout line")
        verbose_name_plural = _("checkout lines")
        ordering = ["checkout_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="checkout_line_variant_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="checkout_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.sku}"
