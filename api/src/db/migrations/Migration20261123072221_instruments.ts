import { Migration } from '@mikro-orm/migrations';

export class Migration20261123072221_instruments extends Migration {
  override name = 'Migration20261123072221_instruments';

  override up(): void | Promise<void> {
    this.addSql(`create type "version_status" as enum ('DRAFT', 'PUBLISHED');`);
    this.addSql(
      `create table "instruments" ("id" uuid not null, "name" text not null, "description" text null, "project_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "instruments_project_id_index" on "instruments" ("project_id");`);

    this.addSql(
      `create table "instrument_versions" ("id" uuid not null, "instrument_id" uuid not null, "number" int not null, "status" "version_status" not null default 'DRAFT', "definition" jsonb not null, "revision" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "published_at" timestamptz null, "published_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(
      `create unique index "instrument_versions_one_draft" on "instrument_versions" ("instrument_id") where "status" = 'DRAFT';`,
    );
    this.addSql(
      `alter table "instrument_versions" add constraint "instrument_versions_instrument_id_number_unique" unique ("instrument_id", "number");`,
    );

    this.addSql(
      `alter type "audit_action" add value if not exists 'INSTRUMENT_CREATED' after 'PROJECT_UPDATED';`,
    );
    this.addSql(
      `alter type "audit_action" add value if not exists 'INSTRUMENT_IMPORTED' after 'INSTRUMENT_CREATED';`,
    );
    this.addSql(
      `alter type "audit_action" add value if not exists 'INSTRUMENT_PUBLISHED' after 'INSTRUMENT_IMPORTED';`,
    );

    this.addSql(
      `alter table "instruments" add constraint "instruments_project_id_foreign" foreign key ("project_id") references "projects" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "instrument_versions" add constraint "instrument_versions_instrument_id_foreign" foreign key ("instrument_id") references "instruments" ("id") on delete cascade;`,
    );
    this.addSql(
      `create or replace function "instrument_versions_published_versions_are_frozen_fn"() returns trigger as $$ begin RAISE EXCEPTION 'instrument version % is published and cannot be changed or deleted', OLD.id USING ERRCODE = 'check_violation'; end; $$ language plpgsql;`,
    );
    this
      .addSql(`create trigger "published_versions_are_frozen" BEFORE UPDATE OR DELETE on "instrument_versions" for each ROW
  when (OLD.status = 'PUBLISHED') execute function "instrument_versions_published_versions_are_frozen_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "instrument_versions" drop constraint "instrument_versions_instrument_id_foreign";`,
    );

    this.addSql(`drop table if exists "instruments" cascade;`);
    this.addSql(`drop trigger if exists "published_versions_are_frozen" on "instrument_versions";`);
    this.addSql(`drop function if exists "instrument_versions_published_versions_are_frozen_fn"();`);
    this.addSql(`drop table if exists "instrument_versions" cascade;`);

    this.addSql(`drop type "version_status";`);
  }
}
