import { Migration } from '@mikro-orm/migrations';

/**
 * Retention: each project's approved end date and what happens to its data then (DELETE or ANONYMISE), the
 * warnings claimed before it, and the run that carries it out, which is also its receipt.
 */
export class Migration20261205100000_retention extends Migration {
  override name = 'Migration20261205100000_retention';

  override up(): void | Promise<void> {
    this.addSql(`create type "retention_action" as enum ('DELETE', 'ANONYMISE');`);
    this.addSql(
      `alter table "projects" add "retention_ends_on" date null, add "retention_action" "retention_action" null, add "retention_reference" text null;`,
    );
    this.addSql(
      `alter table "projects" add constraint "projects_retention_complete" check (("retention_ends_on" is null) = ("retention_action" is null) and ("retention_ends_on" is null) = ("retention_reference" is null));`,
    );

    // Keyed by the end date too, so that moving the date arms the warnings again.
    this.addSql(
      `create table "retention_warnings" ("project_id" uuid not null, "ends_on" date not null, "days_before" int not null, "sent_at" timestamptz not null, "recipients" int not null, "mailed" boolean not null default false, primary key ("project_id", "ends_on", "days_before"));`,
    );
    this.addSql(
      `alter table "retention_warnings" add constraint "retention_warnings_project_id_foreign" foreign key ("project_id") references "projects" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "retention_runs" ("id" uuid not null, "project_id" uuid not null, "action" "retention_action" not null, "ends_on" date not null, "reference" text not null, "project_name" text not null, "organisation" text not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "rounds_done" uuid[] not null, "counts" jsonb not null, "digest" text null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "retention_runs" add constraint "retention_runs_project_id_unique" unique ("project_id");`,
    );
    this.addSql(
      `alter table "retention_runs" add constraint "retention_runs_project_id_foreign" foreign key ("project_id") references "projects" ("id") on delete restrict;`,
    );

    this.addSql(`alter type "audit_action" add value if not exists 'RETENTION_SET';`);
    this.addSql(`alter type "audit_action" add value if not exists 'RETENTION_WARNED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'RETENTION_EXECUTED';`);
  }

  override down(): void | Promise<void> {
    // PostgreSQL cannot drop a value from an enum; the audit actions stay, unused.
    this.addSql(`drop table if exists "retention_runs" cascade;`);
    this.addSql(`drop table if exists "retention_warnings" cascade;`);
    this.addSql(`alter table "projects" drop constraint if exists "projects_retention_complete";`);
    this.addSql(
      `alter table "projects" drop column "retention_ends_on", drop column "retention_action", drop column "retention_reference";`,
    );
    this.addSql(`drop type if exists "retention_action";`);
  }
}
