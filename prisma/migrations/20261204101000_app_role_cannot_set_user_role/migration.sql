-- Defence in depth: the policies let a user update their own row, and without this a request
-- that ever reached SQL as the application role could make itself an administrator
-- (UPDATE users SET role = 'admin'). The role may change only profile columns; role, id and
-- created_at are changed by the owner (migrations, the seed, an operator) and nobody else.
REVOKE UPDATE ON "users" FROM "parley_app";
GRANT UPDATE ("email", "password_hash", "display_name", "updated_at") ON "users" TO "parley_app";
