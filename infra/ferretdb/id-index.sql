-- FerretDB 1.24 on PostgreSQL: reads and writes by `_id` served by an index instead of a scan.
--
-- Why: FerretDB stores a collection as a table of one `jsonb` column `_jsonb` and answers every
-- filter, `_id` included, with `WHERE _jsonb->$1 @> $2`. Its own `_id` index is a btree on
-- `(_jsonb->'_id')`, which `@>` cannot use, so a findOne / replaceOne by `_id` read and detoasted
-- every document of the collection (measured: 60 ms at 20,000 documents of 4 KB against 6 ms on a
-- one-document collection). A GIN index on the same expression serves `@>`. FerretDB sends the
-- key as a parameter of a prepared statement, and a generic plan cannot see that `$1` is '_id':
-- PostgreSQL keeps planning each execution for its parameters while that is much cheaper, but a
-- statement first run while its collection was small can settle on a generic plan (a scan) and
-- keep it, per connection, as the collection grows. Hence plans made for the parameters always.
-- The index is built without GIN's pending list (`fastupdate = off`): with it, new entries wait
-- in an unsorted list that every look-up reads through until a vacuum merges them, so a freshly
-- filled collection answered by `_id` as slowly as it did with a scan (13 ms at 1,000 new documents,
-- 4.6 ms without the list).
--
-- Applied by `infra up` (bin/postgres.sh, as the cluster's superuser: event triggers need one) to
-- the `ferretdb` database; idempotent. On a PostgreSQL server of your own that FerretDB uses, run
-- it once as a superuser in FerretDB's database (named `ferretdb` here):
--   psql -v ON_ERROR_STOP=1 -d ferretdb -f infra/ferretdb/id-index.sql
-- then restart FerretDB (its connections keep the plan setting they started with). A deployment on
-- MongoDB needs none of this: MongoDB serves `_id` from its own index.

-- The database this runs in, whatever its name (FERRETDB_POSTGRESQL_URL may name another).
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_custom_plan', current_database());
END $$;

CREATE OR REPLACE FUNCTION public.onestop_ferretdb_id_index(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- FerretDB's tables have the one column `_jsonb`; anything else is not ours to index.
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = '_jsonb' AND NOT attisdropped) THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
              WHERE i.indrelid = tbl AND a.amname = 'gin') THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX ON %s USING gin ((_jsonb -> ''_id'') jsonb_path_ops) WITH (fastupdate = off)', tbl);
END $$;

-- Every table FerretDB creates from now on (a new collection, a rebuilt read model's version).
CREATE OR REPLACE FUNCTION public.onestop_ferretdb_id_index_on_create() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    PERFORM public.onestop_ferretdb_id_index(created.objid::regclass);
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS onestop_ferretdb_id_index;
CREATE EVENT TRIGGER onestop_ferretdb_id_index ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION public.onestop_ferretdb_id_index_on_create();

-- The tables that existed before (a cluster made by an earlier `infra up`).
SELECT public.onestop_ferretdb_id_index(c.oid::regclass)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'public');
