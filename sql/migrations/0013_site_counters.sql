-- Running totals for GET /api/v1/stats, kept by triggers so the landing page never counts
-- notification_history, which grows with every email sent (see docs/admin.md).
CREATE TABLE IF NOT EXISTS site_counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO site_counters (name, value)
SELECT 'mapper_alerts_sent', count(*) FROM notification_history
WHERE notification_type = 'mapper_alert' AND status = 'sent'
ON CONFLICT (name) DO NOTHING;
-- TG_ARGV: the counter's name and the signed step.
CREATE OR REPLACE FUNCTION site_counters_step() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE site_counters SET value = value + TG_ARGV[1]::bigint WHERE name = TG_ARGV[0]; RETURN NULL; END $$;
CREATE TRIGGER site_counters_sent_insert AFTER INSERT ON notification_history FOR EACH ROW
WHEN (NEW.notification_type = 'mapper_alert' AND NEW.status = 'sent')
EXECUTE PROCEDURE site_counters_step('mapper_alerts_sent', '1');
CREATE TRIGGER site_counters_sent_delete AFTER DELETE ON notification_history FOR EACH ROW
WHEN (OLD.notification_type = 'mapper_alert' AND OLD.status = 'sent')
EXECUTE PROCEDURE site_counters_step('mapper_alerts_sent', '-1');
CREATE TRIGGER site_counters_sent_update_in AFTER UPDATE ON notification_history FOR EACH ROW
WHEN ((NEW.notification_type = 'mapper_alert' AND NEW.status = 'sent')
      AND NOT (OLD.notification_type = 'mapper_alert' AND OLD.status = 'sent'))
EXECUTE PROCEDURE site_counters_step('mapper_alerts_sent', '1');
CREATE TRIGGER site_counters_sent_update_out AFTER UPDATE ON notification_history FOR EACH ROW
WHEN ((OLD.notification_type = 'mapper_alert' AND OLD.status = 'sent')
      AND NOT (NEW.notification_type = 'mapper_alert' AND NEW.status = 'sent'))
EXECUTE PROCEDURE site_counters_step('mapper_alerts_sent', '-1');
