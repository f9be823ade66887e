import { dropStatementTriggers, statementTriggers } from './refresh-trigger.ts';

/**
 * The statements that keep one counter of `office_counts` (migration 0022's design): a trigger function
 * that inserts the grouped difference between the new and the old rows' contributions, as signed delta
 * rows, with statement-level triggers on insert, update and delete (transition tables); and the recount
 * view `office_counts_expected` (which `redline gates verify --repair` compares with the table) extended
 * with the counter, without restating the counters defined before it. Used by migrations 0031, 0038, 0052 and 0054.
 *
 * `contrib(r)` is the SELECT of a row set's contribution (office_id, counter, key, n) from `r`: the table
 * itself, or a transition table of it.
 */
export interface KeptCounter {
  /** The counter's name in `office_counts`. */
  counter: string;
  /** The trigger function's name. */
  fn: string;
  /** The table whose rows are counted. */
  table: string;
  /** The triggers' names: `<prefix>_ins`, `<prefix>_upd`, `<prefix>_del`. */
  triggerPrefix: string;
  /** The migration's name suffix for the view set aside (`office_counts_expected_before_<suffix>`). */
  viewSuffix: string;
  contrib: (r: string) => string;
  /**
   * The recount over the tables, when it is not `contrib` of the counted table itself: a counter that
   * follows columns kept by triggers recounts from the rows those columns are derived from, so that
   * `redline gates verify` also finds a column that drifted.
   */
  recount?: string;
}

export function keptCounterUp(k: KeptCounter): string[] {
  const before = `office_counts_expected_before_${k.viewSuffix}`;
  return [
    `create function ${k.fn}() returns trigger language plpgsql as $fn$
   begin
     if tg_op = 'INSERT' then
       insert into office_counts (office_id, counter, key, n)
       select office_id, counter, key, sum(n) from (${k.contrib('new_rows')}) d group by 1, 2, 3;
     elsif tg_op = 'DELETE' then
       insert into office_counts (office_id, counter, key, n)
       select office_id, counter, key, -sum(n) from (${k.contrib('old_rows')}) d group by 1, 2, 3;
     else
       insert into office_counts (office_id, counter, key, n)
       select office_id, counter, key, sum(n) from (
         select * from (${k.contrib('new_rows')}) a
         union all
         select office_id, counter, key, -n from (${k.contrib('old_rows')}) b
       ) d group by 1, 2, 3 having sum(n) <> 0;
     end if;
     return null;
   end
   $fn$`,
    ...statementTriggers(k.table, k.triggerPrefix, k.fn),
    // The recount: the counters defined before (whatever they are now), and this one.
    `alter view office_counts_expected rename to ${before}`,
    `create view office_counts_expected as
     select office_id, counter, key, n from ${before}
     union all
     select office_id, counter, key, sum(n)::bigint as n from (${k.recount ?? k.contrib(k.table)}) d group by 1, 2, 3`,
    `insert into office_counts (office_id, counter, key, n)
     select office_id, counter, key, n from office_counts_expected where counter = '${k.counter}'`,
  ];
}

export function keptCounterDown(k: KeptCounter): string[] {
  return [
    `delete from office_counts where counter = '${k.counter}'`,
    `drop view if exists office_counts_expected`,
    `alter view office_counts_expected_before_${k.viewSuffix} rename to office_counts_expected`,
    ...dropStatementTriggers(k.table, k.triggerPrefix),
    `drop function if exists ${k.fn}()`,
  ];
}
