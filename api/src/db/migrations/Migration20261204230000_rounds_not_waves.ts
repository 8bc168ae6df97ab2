import { Migration } from '@mikro-orm/migrations';

/**
 * "Round" is the word the users, the web app and the messages use; the API and the database said "wave". This
 * renames the table, its columns, constraints and indexes, and the audit actions in place (no data is copied), and
 * the two places where the old word is stored as data: the subject type of audit events, and the key `fromWaveId`
 * in the round-change cells of each release (`releases.pairs`). The details of earlier audit events are left as
 * they were recorded.
 */
const TABLES: [from: string, to: string][] = [['waves', 'rounds']];
const CONSTRAINTS: [table: string, from: string, to: string][] = [
  ['rounds', 'waves_pkey', 'rounds_pkey'],
  ['rounds', 'waves_project_id_foreign', 'rounds_project_id_foreign'],
  ['rounds', 'waves_instrument_version_id_foreign', 'rounds_instrument_version_id_foreign'],
  ['responses', 'responses_wave_id_foreign', 'responses_round_id_foreign'],
  ['responses', 'responses_wave_id_submission_key_unique', 'responses_round_id_submission_key_unique'],
  ['invitations', 'invitations_wave_id_foreign', 'invitations_round_id_foreign'],
  ['releases', 'releases_wave_id_foreign', 'releases_round_id_foreign'],
  ['releases', 'releases_wave_id_version_unique', 'releases_round_id_version_unique'],
];
const INDEXES: [from: string, to: string][] = [
  ['waves_project_id_index', 'rounds_project_id_index'],
  ['waves_instrument_version_id_index', 'rounds_instrument_version_id_index'],
  ['invitations_wave_id_role_kind_index', 'invitations_round_id_role_kind_index'],
  ['responses_wave_id_role_status_index', 'responses_round_id_role_status_index'],
];
const COLUMNS: [table: string, from: string, to: string][] = [
  ['responses', 'wave_id', 'round_id'],
  ['invitations', 'wave_id', 'round_id'],
  ['releases', 'wave_id', 'round_id'],
];
const ACTIONS = ['CREATED', 'CLOSED', 'REOPENED', 'UPDATED', 'OPENED', 'COPIED'];

/** `releases.pairs` with the key `from` of each cell renamed `to`, in the cells' order. */
const renamePairKey = (from: string, to: string) =>
  `update "releases" set "pairs" = (
     select coalesce(jsonb_agg(case when cell ? '${from}'
                                    then (cell - '${from}') || jsonb_build_object('${to}', cell -> '${from}')
                                    else cell end order by position), '[]'::jsonb)
       from jsonb_array_elements("pairs") with ordinality as cells(cell, position))
   where jsonb_typeof("pairs") = 'array' and jsonb_path_exists("pairs", '$[*].${from}');`;

export class Migration20261204230000_rounds_not_waves extends Migration {
  override name = 'Migration20261204230000_rounds_not_waves';

  override up(): void | Promise<void> {
    for (const [from, to] of TABLES) this.addSql(`alter table "${from}" rename to "${to}";`);
    for (const [table, from, to] of COLUMNS)
      this.addSql(`alter table "${table}" rename column "${from}" to "${to}";`);
    for (const [table, from, to] of CONSTRAINTS)
      this.addSql(`alter table "${table}" rename constraint "${from}" to "${to}";`);
    for (const [from, to] of INDEXES) this.addSql(`alter index "${from}" rename to "${to}";`);
    for (const action of ACTIONS)
      this.addSql(`alter type "audit_action" rename value 'WAVE_${action}' to 'ROUND_${action}';`);
    this.addSql(`update "audit_events" set "subject_type" = 'Round' where "subject_type" = 'Wave';`);
    this.addSql(renamePairKey('fromWaveId', 'fromRoundId'));
  }

  override down(): void | Promise<void> {
    this.addSql(renamePairKey('fromRoundId', 'fromWaveId'));
    this.addSql(`update "audit_events" set "subject_type" = 'Wave' where "subject_type" = 'Round';`);
    for (const action of ACTIONS)
      this.addSql(`alter type "audit_action" rename value 'ROUND_${action}' to 'WAVE_${action}';`);
    for (const [from, to] of INDEXES) this.addSql(`alter index "${to}" rename to "${from}";`);
    for (const [table, from, to] of CONSTRAINTS)
      this.addSql(`alter table "${table}" rename constraint "${to}" to "${from}";`);
    for (const [table, from, to] of COLUMNS)
      this.addSql(`alter table "${table}" rename column "${to}" to "${from}";`);
    for (const [from, to] of TABLES) this.addSql(`alter table "${to}" rename to "${from}";`);
  }
}
