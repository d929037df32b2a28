from django.db import migrations


def shipped_before_parcels(apps, schema_editor):
    """Orders shipped before parcels existed (the whole order at once, no tracking): their lines shipped what
    their allocation held when it was released, and a partial refund after shipping left them "partially
    refunded", which now means "some units still to ship": they are "shipped"."""
    Order = apps.get_model("orders", "Order")
    OrderLine = apps.get_model("orders", "OrderLine")
    shipped = Order.objects.filter(fulfilled_at__isnull=False)
    for line in OrderLine.objects.filter(order__in=shipped, allocation__isnull=False).select_related("allocation"):
        OrderLine.objects.filter(pk=line.pk).update(quantity_fulfilled=line.allocation.quantity)
    shipped.filter(status="partially_refunded").update(status="fulfilled")


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_fulfilment_delivery_returns"),
    ]

    operations = [migrations.RunPython(shipped_before_parcels, migrations.RunPython.noop)]
