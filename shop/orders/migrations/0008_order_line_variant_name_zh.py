from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def variant_names_zh_backfill(apps, schema_editor):
    """Lines sold before the Chinese name was kept take it from their variant, where it still exists."""
    OrderLine = apps.get_model("orders", "OrderLine")
    ProductVariant = apps.get_model("catalog", "ProductVariant")
    OrderLine.objects.filter(variant__isnull=False).exclude(variant__name_zh="").update(
        variant_name_zh=Subquery(ProductVariant.objects.filter(pk=OuterRef("variant_id")).values("name_zh")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("orders", "0007_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderline",
            name="variant_name_zh",
            field=models.CharField(blank=True, db_default="", max_length=120, verbose_name="variant name zh"),
        ),
        migrations.RunPython(variant_names_zh_backfill, migrations.RunPython.noop),
    ]
