import { Migration } from '@mikro-orm/migrations';

export class Migration20261203082626_pseudonym_key extends Migration {
  override name = 'Migration20261203082626_pseudonym_key';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "pseudonym_key_state" ("id" smallint not null default 1, "fingerprint" text null, "linkage_keyed" boolean not null default true, primary key ("id"));`,
    );

    this.addSql(
      `alter table "pseudonym_key_state" add constraint "pseudonym_key_state_single_row" check (id = 1);`,
    );

    // A database that already holds linkage hashes holds them unkeyed: the first start with a key re-keys them.
    // A new one has nothing to re-key and is marked done at once.
    this.addSql(
      `insert into "pseudonym_key_state" ("id", "linkage_keyed") select 1, not exists (select 1 from "responses" where "linkage_hash" is not null);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "pseudonym_key_state" cascade;`);
  }
}
