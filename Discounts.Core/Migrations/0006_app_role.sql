-- 0006: the role the app runs as (docs/deployment.md "Database roles"). The app connects as a login role that is a
-- member of the NOLOGIN group role discounts_app, which may read and write the service's tables and nothing else:
-- no DDL (it owns nothing and may not create in the schema), no TRUNCATE, no references or triggers. Migrations
-- run as the role that owns the schema's objects (ConnectionStrings:DiscountsMigrations), and tables and sequences
-- that role creates in later migrations are granted to discounts_app by the default privileges set here.
--
-- Roles are cluster-wide, so discounts_app is created only where it is missing. That needs CREATEROLE (Azure's
-- server administrator has it); a migrating role without it fails here, saying what to run first.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'discounts_app') THEN
        BEGIN
            CREATE ROLE discounts_app NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL; -- another database of the same cluster created it at the same moment
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'migration 0006 needs the role discounts_app, and % may not create roles', current_user
                    USING HINT = 'As the server administrator run CREATE ROLE discounts_app NOLOGIN; then migrate again (docs/deployment.md, "Database roles").';
        END;
    END IF;
END
$$;

DO $$
DECLARE
    s text := current_schema();
BEGIN
    -- The schema (public) belongs to its owner, not to the migrating role, on Azure (azure_pg_admin) as on
    -- PostgreSQL 15+ (pg_database_owner). PUBLIC has USAGE on public by default; grant it explicitly where we may.
    IF has_schema_privilege(s, 'USAGE WITH GRANT OPTION') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO discounts_app', s);
    ELSIF NOT has_schema_privilege('discounts_app', s, 'USAGE') THEN
        RAISE EXCEPTION 'discounts_app has no USAGE on schema %, and % may not grant it', s, current_user
            USING HINT = format('As the server administrator run GRANT USAGE ON SCHEMA %I TO discounts_app; then migrate again.', s);
    END IF;

    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO discounts_app', s);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO discounts_app', s);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO discounts_app', s);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO discounts_app', s);
END
$$;

-- The audit log is append-only (design.md invariant 7): the app adds and reads rows, never changes or removes one.
REVOKE UPDATE, DELETE ON discount_audit_log FROM discounts_app;

-- DbUp's journal of applied migrations (and its id sequence) is the migrating role's business alone.
REVOKE ALL ON schemaversions FROM discounts_app;
DO $$
DECLARE
    seq text := pg_get_serial_sequence('schemaversions', 'schemaversionsid');
BEGIN
    IF seq IS NOT NULL THEN
        EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM discounts_app', seq);
    END IF;
END
$$;
