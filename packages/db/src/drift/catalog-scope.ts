// What the drift check reads from the catalog: the current schema (search_path's first), minus
// `_prisma_migrations`, which is the migrator's bookkeeping rather than part of the data model.
// `c` is the pg_class alias of the table in every query that uses USER_TABLES.
export const SCHEMA_OID = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())";
export const USER_TABLES = `c.relnamespace = ${SCHEMA_OID} AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`;
