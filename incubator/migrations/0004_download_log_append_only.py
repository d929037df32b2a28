"""On PostgreSQL the download audit log refuses UPDATE and DELETE at the database, whatever the client; existing
designer profiles get the slug of their public page.

Other databases (the SQLite demo) rely on the model and the admin for the log; the trigger does nothing there.
"""

from django.db import migrations
from django.utils.text import slugify

CREATE = """
CREATE OR REPLACE FUNCTION incubator_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the download log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER incubator_download_append_only BEFORE UPDATE OR DELETE ON incubator_relicimagedownload
    FOR EACH ROW EXECUTE FUNCTION incubator_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS incubator_download_append_only ON incubator_relicimagedownload;
DROP FUNCTION IF EXISTS incubator_refuse_change();
"""


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no interpolation: the SQL holds RAISE % placeholders

    return apply


def _slugs(apps, schema_editor):
    profiles = apps.get_model("incubator", "DesignerProfile")
    for profile in profiles.objects.filter(slug__isnull=True):
        profile.slug = f"{slugify(profile.display_name)[:60] or 'designer'}-{profile.pk}"
        profile.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("incubator", "0003_designer_pages_and_download_log")]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP)),
        migrations.RunPython(_slugs, migrations.RunPython.noop),
    ]
