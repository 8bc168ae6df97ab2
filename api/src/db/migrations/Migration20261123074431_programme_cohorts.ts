import { Migration } from '@mikro-orm/migrations';

export class Migration20261123074431_programme_cohorts extends Migration {
  override name = 'Migration20261123074431_programme_cohorts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "programme_cohorts" ("id" uuid not null, "project_id" uuid not null, "cohort" text not null, "start_year" int null, "source" text null, "applicants" int null, "interviewed" int null, "admitted" int null, "started" int null, "completed" int null, "employed_in_services" int null, "employed_elsewhere" int null, "further_education" int null, "still_finishing" int null, "inactive" int null, "hours_per_week" double precision null, primary key ("id"));`,
    );
    this.addSql(`create index "programme_cohorts_project_id_index" on "programme_cohorts" ("project_id");`);
    this.addSql(
      `alter table "programme_cohorts" add constraint "programme_cohorts_project_id_cohort_unique" unique ("project_id", "cohort");`,
    );

    this.addSql(
      `alter table "programme_cohorts" add constraint "programme_cohorts_project_id_foreign" foreign key ("project_id") references "projects" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "programme_cohorts" cascade;`);
  }
}
