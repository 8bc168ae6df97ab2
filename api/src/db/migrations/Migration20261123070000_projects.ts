import { Migration } from '@mikro-orm/migrations';

export class Migration20261123070000_projects extends Migration {
  override name = 'Migration20261123070000_projects';

  override up(): void {
    this.addSql(`create table "projects" (
      "id" uuid not null,
      "name" text not null,
      "slug" text not null,
      "organisation" text not null,
      "description" text null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "projects_pkey" primary key ("id"));`);
    this.addSql(`alter table "projects" add constraint "projects_slug_unique" unique ("slug");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "projects" cascade;`);
  }
}
