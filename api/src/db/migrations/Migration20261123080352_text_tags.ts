import { Migration } from '@mikro-orm/migrations';

export class Migration20261123080352_text_tags extends Migration {
  override name = 'Migration20261123080352_text_tags';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "text_tags" ("response_id" uuid not null, "item_key" text not null, "tag" text not null, primary key ("response_id", "item_key", "tag"));`,
    );

    this.addSql(
      `alter table "text_tags" add constraint "text_tags_response_id_foreign" foreign key ("response_id") references "responses" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "text_tags" cascade;`);
  }
}
