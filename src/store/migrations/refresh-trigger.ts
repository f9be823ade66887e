/**
 * The statements of a column kept by recomputing it for the rows a statement changed (migrations 0054, 0056,
 * 0057): the recount function over a list of ids, the statement-level trigger function that calls it with the
 * ids of the changed rows, and the three triggers (insert, update, delete) with their transition tables.
 */

/**
 * `create function <name>(p_cases uuid[]) returns bigint`: runs `statement(source)` over every row of
 * `table` when the list is null, or over the listed rows (`key` = id) otherwise. The rows are joined to the
 * list (an index probe each), never filtered by `= any(list)`, which PostgreSQL evaluates against every row:
 * a statement of 300,000 rows took more than ten minutes that way, 22 s joined. `statement` reads the rows
 * as `x` and ends with `select count(*) into n from …;` (the number of rows it corrected).
 */
export function refreshFunction(
  name: string,
  table: string,
  key: string,
  statement: (source: string) => string,
): string {
  return `create function ${name}(p_cases uuid[]) returns bigint language plpgsql as $fn$
   declare n bigint;
   begin
     if p_cases is null then
       ${statement(`${table} x`)}
     else
       ${statement(`(select distinct k from unnest(p_cases) k) k join ${table} x on x.${key} = k.k`)}
     end if;
     return n;
   end
   $fn$`;
}

/** The case ids of the rows of an update (old and new): all of them, or those where `changed(o, n)` holds. */
export const updatedCases = (changed?: string) =>
  changed
    ? `select o.case_id from old_rows o join new_rows n on n.id = o.id where ${changed}
         union select n.case_id from old_rows o join new_rows n on n.id = o.id where ${changed}`
    : 'select case_id from old_rows union select case_id from new_rows';

/**
 * `create function <fn>() returns trigger`: for a statement on a table, calls `refresh` with the cases of
 * the rows it inserted, deleted or updated. `casesOf(rows)` is the SELECT of the case ids of a transition
 * table (by default its `case_id`); `updated` replaces the SELECT of an update's cases (by default every
 * one, old and new); `onInsert` replaces the insert's call (a change merged into the row as it stands).
 */
export function refreshTriggerFunction(
  fn: string,
  refresh: string,
  opts: { onInsert?: string; updated?: string; casesOf?: (rows: 'new_rows' | 'old_rows') => string } = {},
): string {
  const casesOf = opts.casesOf ?? ((rows: string) => `select distinct case_id from ${rows}`);
  const updated =
    opts.updated ?? (opts.casesOf ? `${casesOf('old_rows')} union ${casesOf('new_rows')}` : updatedCases());
  return `create function ${fn}() returns trigger language plpgsql as $fn$
   begin
     if tg_op = 'INSERT' then
       ${opts.onInsert ?? `perform ${refresh}(array(${casesOf('new_rows')}));`}
     elsif tg_op = 'DELETE' then
       perform ${refresh}(array(${casesOf('old_rows')}));
     else
       perform ${refresh}(array(${updated}));
     end if;
     return null;
   end
   $fn$`;
}

/** The three statement-level triggers `<prefix>_ins`, `_upd`, `_del` on `table`, calling `fn`. */
export const statementTriggers = (table: string, prefix: string, fn: string): string[] => [
  `create trigger ${prefix}_ins after insert on ${table} referencing new table as new_rows
     for each statement execute function ${fn}()`,
  `create trigger ${prefix}_upd after update on ${table}
     referencing old table as old_rows new table as new_rows
     for each statement execute function ${fn}()`,
  `create trigger ${prefix}_del after delete on ${table} referencing old table as old_rows
     for each statement execute function ${fn}()`,
];

export const dropStatementTriggers = (table: string, prefix: string): string[] =>
  ['del', 'upd', 'ins'].map((op) => `drop trigger if exists ${prefix}_${op} on ${table}`);
