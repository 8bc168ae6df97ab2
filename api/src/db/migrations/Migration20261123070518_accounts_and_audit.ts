import { Migration } from '@mikro-orm/migrations';

export class Migration20261123070518_accounts_and_audit extends Migration {
  override name = 'Migration20261123070518_accounts_and_audit';

  override up(): void | Promise<void> {
    this.addSql(
      `create type "audit_action" as enum ('SIGN_IN', 'SIGN_IN_FAILED', 'SIGN_OUT', 'USER_CREATED', 'USER_UPDATED', 'ADMIN_GRANTED', 'ADMIN_REVOKED', 'USER_DEACTIVATED', 'USER_REACTIVATED', 'PASSWORD_CHANGED', 'MEMBERSHIP_GRANTED', 'MEMBERSHIP_CHANGED', 'MEMBERSHIP_REVOKED', 'TOKEN_CREATED', 'TOKEN_REVOKED', 'PROJECT_CREATED', 'PROJECT_UPDATED');`,
    );
    this.addSql(`create type "language" as enum ('nb', 'en');`);
    this.addSql(`create type "project_role" as enum ('RESEARCHER', 'MANAGER');`);
    this.addSql(
      `create table "audit_events" ("id" uuid not null, "at" timestamptz not null, "action" "audit_action" not null, "actor_id" uuid null, "subject_type" text null, "subject_id" text null, "project_id" uuid null, "ip" text null, "details" jsonb not null, primary key ("id"));`,
    );
    this.addSql(`create index "audit_events_at_index" on "audit_events" ("at");`);
    this.addSql(`create index "audit_events_action_at_index" on "audit_events" ("action", "at");`);

    this.addSql(
      `create table "users" ("id" uuid not null, "email" text not null, "name" text not null, "password_hash" text not null, "language" "language" not null default 'nb', "is_admin" boolean not null default false, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, "last_sign_in_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(
      `create table "sessions" ("token_hash" text not null, "user_id" uuid not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("token_hash"));`,
    );
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
    this.addSql(`create index "sessions_expires_at_index" on "sessions" ("expires_at");`);

    this.addSql(
      `create table "memberships" ("id" uuid not null, "user_id" uuid not null, "project_id" uuid not null, "role" "project_role" not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "memberships_project_id_index" on "memberships" ("project_id");`);
    this.addSql(
      `alter table "memberships" add constraint "memberships_user_id_project_id_unique" unique ("user_id", "project_id");`,
    );

    this.addSql(
      `create table "api_tokens" ("id" uuid not null, "user_id" uuid not null, "name" text not null, "token_hash" text not null, "prefix" text not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "expires_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "api_tokens_user_id_index" on "api_tokens" ("user_id");`);
    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "memberships" add constraint "memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "memberships" add constraint "memberships_project_id_foreign" foreign key ("project_id") references "projects" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);
    this.addSql(`alter table "memberships" drop constraint "memberships_user_id_foreign";`);
    this.addSql(`alter table "api_tokens" drop constraint "api_tokens_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_events" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "sessions" cascade;`);
    this.addSql(`drop table if exists "memberships" cascade;`);
    this.addSql(`drop table if exists "api_tokens" cascade;`);

    this.addSql(`drop type "audit_action";`);
    this.addSql(`drop type "language";`);
    this.addSql(`drop type "project_role";`);
  }
}
