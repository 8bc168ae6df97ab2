import { Migration } from '@mikro-orm/migrations';

/** Two-factor sign-in: authenticator secrets, recovery codes, sign-ins waiting for a code, password-only sessions. */
export class Migration20261203160200_two_factor extends Migration {
  override name = 'Migration20261203160200_two_factor';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "user_totp" ("user_id" uuid not null, "sealed_secret" text not null, "created_at" timestamptz not null, "confirmed_at" timestamptz null, "last_used_step" int null, "failed_codes" int not null default 0, "failed_window_start" timestamptz null, primary key ("user_id"));`,
    );
    this.addSql(
      `alter table "user_totp" add constraint "user_totp_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "recovery_codes" ("id" uuid not null, "user_id" uuid not null, "code_hash" text not null, "created_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "recovery_codes_user_id_index" on "recovery_codes" ("user_id");`);
    this.addSql(
      `alter table "recovery_codes" add constraint "recovery_codes_code_hash_unique" unique ("code_hash");`,
    );
    this.addSql(
      `alter table "recovery_codes" add constraint "recovery_codes_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "pending_sign_ins" ("token_hash" text not null, "user_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "attempts" int not null default 0, primary key ("token_hash"));`,
    );
    this.addSql(`create index "pending_sign_ins_user_id_index" on "pending_sign_ins" ("user_id");`);
    this.addSql(`create index "pending_sign_ins_expires_at_index" on "pending_sign_ins" ("expires_at");`);
    this.addSql(
      `alter table "pending_sign_ins" add constraint "pending_sign_ins_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "password_only_sessions" ("session_token_hash" text not null, primary key ("session_token_hash"));`,
    );
    this.addSql(
      `alter table "password_only_sessions" add constraint "password_only_sessions_session_token_hash_foreign" foreign key ("session_token_hash") references "sessions" ("token_hash") on update cascade on delete cascade;`,
    );
    // Every session open before this migration was opened with a password alone (there was no other way yet).
    this.addSql(
      `insert into "password_only_sessions" ("session_token_hash") select "token_hash" from "sessions";`,
    );

    this.addSql(`alter type "audit_action" add value if not exists 'TWO_FACTOR_ENABLED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'TWO_FACTOR_DISABLED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'TWO_FACTOR_RESET';`);
    this.addSql(`alter type "audit_action" add value if not exists 'TWO_FACTOR_FAILED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'RECOVERY_CODES_REGENERATED';`);
  }

  override down(): void | Promise<void> {
    // PostgreSQL cannot drop a value from an enum; the audit actions stay, unused.
    this.addSql(`drop table if exists "password_only_sessions" cascade;`);
    this.addSql(`drop table if exists "pending_sign_ins" cascade;`);
    this.addSql(`drop table if exists "recovery_codes" cascade;`);
    this.addSql(`drop table if exists "user_totp" cascade;`);
  }
}
