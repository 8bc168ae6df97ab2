import { Migration } from '@mikro-orm/migrations';

export class Migration20261203160300_single_sign_on extends Migration {
  override name = 'Migration20261203160300_single_sign_on';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "sso_sign_in_attempts" ("state_hash" text not null, "browser_hash" text not null, "provider" text not null, "nonce" text not null, "code_verifier" text not null, "redirect" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("state_hash"));`,
    );
    this.addSql(
      `create index "sso_sign_in_attempts_expires_at_index" on "sso_sign_in_attempts" ("expires_at");`,
    );

    this.addSql(
      `create table "user_identities" ("id" uuid not null, "user_id" uuid not null, "provider" text not null, "issuer" text not null, "subject" text not null, "created_at" timestamptz not null, "last_sign_in_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "user_identities_user_id_index" on "user_identities" ("user_id");`);
    this.addSql(
      `alter table "user_identities" add constraint "user_identities_issuer_subject_unique" unique ("issuer", "subject");`,
    );

    this.addSql(
      `alter type "audit_action" add value if not exists 'USER_APPROVED' after 'EXPORT_DOWNLOADED';`,
    );
    this.addSql(`alter type "audit_action" add value if not exists 'IDENTITY_LINKED' after 'USER_APPROVED';`);

    this.addSql(`alter table "users" add "pending_approval" boolean not null default false;`);
    this.addSql(`alter table "users" alter column "email" drop not null;`);
    this.addSql(`alter table "users" alter column "password_hash" drop not null;`);

    this.addSql(
      `alter table "user_identities" add constraint "user_identities_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sso_sign_in_attempts" cascade;`);
    this.addSql(`drop table if exists "user_identities" cascade;`);

    this.addSql(`alter table "users" drop column "pending_approval";`);
    this.addSql(`alter table "users" alter column "email" set not null;`);
    this.addSql(`alter table "users" alter column "password_hash" set not null;`);
  }
}
