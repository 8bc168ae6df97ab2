import { Migration } from '@mikro-orm/migrations';

export class Migration20261203132733_round_lifecycle extends Migration {
  override name = 'Migration20261203132733_round_lifecycle';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "consent_texts" ("hash" text not null, "information" jsonb not null, "statement" jsonb null, "created_at" date not null, primary key ("hash"));`,
    );

    this.addSql(
      `create table "response_consents" ("response_id" uuid not null, "consent_text_hash" text not null, primary key ("response_id"));`,
    );
    this.addSql(
      `create index "response_consents_consent_text_hash_index" on "response_consents" ("consent_text_hash");`,
    );

    this.addSql(`alter type "audit_action" add value if not exists 'WAVE_UPDATED' after 'WAVE_REOPENED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'WAVE_OPENED' after 'WAVE_UPDATED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'WAVE_COPIED' after 'WAVE_OPENED';`);

    this.addSql(
      `alter table "waves" add "consent_text" jsonb null, add "contact" text null, add "data_controller" text null, add "target_responses" int null, add "draft" boolean not null default false;`,
    );

    this.addSql(
      `alter table "response_consents" add constraint "response_consents_response_id_foreign" foreign key ("response_id") references "responses" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "response_consents" add constraint "response_consents_consent_text_hash_foreign" foreign key ("consent_text_hash") references "consent_texts" ("hash") on delete restrict;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "response_consents" drop constraint "response_consents_consent_text_hash_foreign";`,
    );

    this.addSql(`drop table if exists "consent_texts" cascade;`);
    this.addSql(`drop table if exists "response_consents" cascade;`);

    this.addSql(
      `alter table "waves" drop column "consent_text", drop column "contact", drop column "data_controller", drop column "target_responses", drop column "draft";`,
    );
  }
}
