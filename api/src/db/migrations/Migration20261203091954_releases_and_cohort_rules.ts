import { Migration } from '@mikro-orm/migrations';

export class Migration20261203091954_releases_and_cohort_rules extends Migration {
  override name = 'Migration20261203091954_releases_and_cohort_rules';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "releases" ("id" uuid not null, "wave_id" uuid not null, "version" int not null, "released_at" timestamptz not null, "k" int not null, "rules_version" int not null, "fingerprint" text not null, "checked_fingerprint" text not null, "held" jsonb null, "scores" jsonb not null, "items" jsonb not null, "reliability" jsonb not null, "pairs" jsonb not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "releases" add constraint "releases_wave_id_version_unique" unique ("wave_id", "version");`,
    );

    this.addSql(
      `create table "release_members" ("release_id" uuid not null, "key" text not null, "members" text[] not null, primary key ("release_id", "key"));`,
    );

    this.addSql(`alter table "programme_cohorts" add "note" text null;`);
    this.addSql(
      `create or replace function "programme_cohorts_cohort_parts_within_wholes_fn"() returns trigger as $$ begin RAISE EXCEPTION 'programme figures of cohort % have a part larger than its whole', NEW.cohort USING ERRCODE = 'check_violation'; end; $$ language plpgsql;`,
    );
    this
      .addSql(`create trigger "cohort_parts_within_wholes" BEFORE INSERT OR UPDATE on "programme_cohorts" for each ROW
  when (NOT (coalesce(NEW.applicants >= 0, true) and coalesce(NEW.interviewed >= 0, true) and coalesce(NEW.admitted >= 0, true) and coalesce(NEW.started >= 0, true) and coalesce(NEW.completed >= 0, true) and coalesce(NEW.employed_in_services >= 0, true) and coalesce(NEW.employed_elsewhere >= 0, true) and coalesce(NEW.further_education >= 0, true) and coalesce(NEW.still_finishing >= 0, true) and coalesce(NEW.inactive >= 0, true) and coalesce(NEW.interviewed <= NEW.applicants, true) and coalesce(NEW.admitted <= NEW.applicants, true) and coalesce(NEW.admitted <= NEW.interviewed, true) and coalesce(NEW.started <= NEW.applicants, true) and coalesce(NEW.started <= NEW.interviewed, true) and coalesce(NEW.started <= NEW.admitted, true) and coalesce(NEW.completed <= NEW.applicants, true) and coalesce(NEW.completed <= NEW.interviewed, true) and coalesce(NEW.completed <= NEW.admitted, true) and coalesce(NEW.completed <= NEW.started, true) and coalesce(NEW.employed_in_services, 0) + coalesce(NEW.employed_elsewhere, 0) + coalesce(NEW.further_education, 0) + coalesce(NEW.still_finishing, 0) + coalesce(NEW.inactive, 0) <= coalesce(NEW.started, NEW.admitted, NEW.interviewed, NEW.applicants, 2147483647) and coalesce(NEW.hours_per_week >= 0 and NEW.hours_per_week <= 80, true))) execute function "programme_cohorts_cohort_parts_within_wholes_fn"();`);

    this.addSql(
      `alter table "releases" add constraint "releases_wave_id_foreign" foreign key ("wave_id") references "waves" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "release_members" add constraint "release_members_release_id_foreign" foreign key ("release_id") references "releases" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "release_members" drop constraint "release_members_release_id_foreign";`);

    this.addSql(`drop table if exists "releases" cascade;`);
    this.addSql(`drop table if exists "release_members" cascade;`);

    this.addSql(`drop trigger if exists "cohort_parts_within_wholes" on "programme_cohorts";`);
    this.addSql(`drop function if exists "programme_cohorts_cohort_parts_within_wholes_fn"();`);
    this.addSql(`alter table "programme_cohorts" drop column "note";`);
  }
}
