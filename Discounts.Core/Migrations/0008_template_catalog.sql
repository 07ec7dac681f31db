-- 0008: the catalog is written through the service (PutTemplate, ImportTemplates): templates get a version (the
-- ETag of GetTemplate) and their changes an audit reference of their own. Templates are never hard-deleted: codes
-- and usages refer to them, and `active = false` retires one.
ALTER TABLE template ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE discount_audit_log ADD COLUMN template_id uuid;
CREATE INDEX discount_audit_log_template_idx ON discount_audit_log (template_id, at) WHERE template_id IS NOT NULL;
CREATE INDEX template_active_slug_idx ON template (active, slug);
