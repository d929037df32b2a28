"""On PostgreSQL the ledger refuses UPDATE and DELETE at the database, whatever the client.

Other databases (the SQLite demo) rely on the model and the admin; the migration does nothing there.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION royalties_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'royalty ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER royalties_entry_append_only BEFORE UPDATE OR DELETE ON royalties_royaltyentry
    FOR EACH ROW EXECUTE FUNCTION royalties_refuse_change();
CREATE TRIGGER royalties_statement_frozen BEFORE UPDATE OR DELETE ON royalties_royaltystatement
    FOR EACH ROW EXECUTE FUNCTION royalties_refuse_change();
CREATE TRIGGER royalties_period_frozen BEFORE UPDATE OR DELETE ON royalties_royaltyperiod
    FOR EACH ROW EXECUTE FUNCTION royalties_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS royalties_entry_append_only ON royalties_royaltyentry;
DROP TRIGGER IF EXISTS royalties_statement_frozen ON royalties_royaltystatement;
DROP TRIGGER IF EXISTS royalties_period_frozen ON royalties_royaltyperiod;
DROP FUNCTION IF EXISTS royalties_refuse_change();
"""


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no interpolation: the SQL holds RAISE % placeholders

    return apply


class Migration(migrations.Migration):
    dependencies = [("royalties", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
