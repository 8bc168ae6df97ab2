import { Migration } from '@mikro-orm/migrations';

/** The scheduler's record of each background job's last run (api/src/scheduler). */
export class Migration20261205080000_scheduled_jobs extends Migration {
  override name = 'Migration20261205080000_scheduled_jobs';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "scheduled_jobs" ("name" text not null, "last_started_at" timestamptz null, "last_finished_at" timestamptz null, "last_error" text null, "runs" int not null default 0, primary key ("name"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "scheduled_jobs" cascade;`);
  }
}
