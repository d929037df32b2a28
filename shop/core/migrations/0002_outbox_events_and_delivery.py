"""Outbox messages become deliveries of domain events: an event name and key, and done/failed states.

Messages already dispatched by the old relay count as done (their tasks ran, or will, as before);
pending ones stay pending. Old messages get a unique legacy key.
"""

from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Cast, Concat


def legacy_keys(apps, schema_editor):
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    OutboxMessage.objects.update(
        key=Concat(Value("legacy:"), Cast("id", models.CharField())),
        event="legacy.task",
    )
    OutboxMessage.objects.filter(sent_at__isnull=False).update(done_at=F("sent_at"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="outboxmessage", name="outbox_pending_idx"),
        migrations.RenameField(model_name="outboxmessage", old_name="dispatched_at", new_name="sent_at"),
        migrations.AddField(
            model_name="outboxmessage", name="event", field=models.CharField(default="", max_length=100), preserve_default=False
        ),
        migrations.AddField(
            model_name="outboxmessage", name="key", field=models.CharField(default="", max_length=200), preserve_default=False
        ),
        migrations.AddField(model_name="outboxmessage", name="done_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(model_name="outboxmessage", name="failed_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.RunPython(legacy_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="outboxmessage",
            constraint=models.UniqueConstraint(fields=("key", "task_name"), name="outbox_one_delivery_per_subscriber"),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True), ("failed_at__isnull", True)),
                fields=["id"],
                name="outbox_open_idx",
            ),
        ),
    ]
