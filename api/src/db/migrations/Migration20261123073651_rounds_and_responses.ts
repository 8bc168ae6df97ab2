import { Migration } from '@mikro-orm/migrations';

export class Migration20261123073651_rounds_and_responses extends Migration {
  override name = 'Migration20261123073651_rounds_and_responses';

  override up(): void | Promise<void> {
    this.addSql(`create type "anonymity_mode" as enum ('ANONYMOUS', 'CONFIDENTIAL');`);
    this.addSql(`create type "respondent_role" as enum ('SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT');`);
    this.addSql(`create type "invitation_kind" as enum ('OPEN_LINK', 'CODE');`);
    this.addSql(`create type "response_status" as enum ('IN_PROGRESS', 'SUBMITTED', 'WITHDRAWN');`);
    this.addSql(`create type "construct_kind" as enum ('VALUE', 'CHALLENGE', 'OUTCOME');`);
    this.addSql(
      `create table "waves" ("id" uuid not null, "project_id" uuid not null, "instrument_version_id" uuid not null, "label" text not null, "opens_at" timestamptz not null, "closes_at" timestamptz null, "closed_at" timestamptz null, "anonymity" "anonymity_mode" not null default 'ANONYMOUS', "min_group_size" int not null default 5, "min_group_size_text" int not null default 10, "information" jsonb not null, "consent_required" boolean not null default true, "linkage" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "waves_project_id_index" on "waves" ("project_id");`);
    this.addSql(`create index "waves_instrument_version_id_index" on "waves" ("instrument_version_id");`);

    this.addSql(
      `create table "invitations" ("id" uuid not null, "wave_id" uuid not null, "role" "respondent_role" not null, "kind" "invitation_kind" not null, "link_token" text null, "code_hash" text null, "batch" text null, "created_at" timestamptz not null, "used_on" date null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "invitations" add constraint "invitations_link_token_unique" unique ("link_token");`,
    );
    this.addSql(
      `alter table "invitations" add constraint "invitations_code_hash_unique" unique ("code_hash");`,
    );
    this.addSql(
      `create index "invitations_wave_id_role_kind_index" on "invitations" ("wave_id", "role", "kind");`,
    );

    this.addSql(
      `create table "responses" ("id" uuid not null, "wave_id" uuid not null, "role" "respondent_role" not null, "status" "response_status" not null default 'IN_PROGRESS', "invitation_id" uuid null, "submission_key" text null, "resume_hash" text null, "receipt_hash" text null, "language" text not null, "consent_given" boolean null, "linkage_hash" text null, "started_on" date not null, "updated_on" date not null, "submitted_on" date null, "submitted_at" timestamptz null, "withdrawn_on" date null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "responses" add constraint "responses_invitation_id_unique" unique ("invitation_id");`,
    );
    this.addSql(
      `alter table "responses" add constraint "responses_resume_hash_unique" unique ("resume_hash");`,
    );
    this.addSql(
      `alter table "responses" add constraint "responses_receipt_hash_unique" unique ("receipt_hash");`,
    );
    this.addSql(`create index "responses_linkage_hash_index" on "responses" ("linkage_hash");`);
    this.addSql(
      `create index "responses_wave_id_role_status_index" on "responses" ("wave_id", "role", "status");`,
    );
    this.addSql(
      `alter table "responses" add constraint "responses_wave_id_submission_key_unique" unique ("wave_id", "submission_key");`,
    );

    this.addSql(
      `create table "construct_scores" ("response_id" uuid not null, "construct_key" text not null, "kind" "construct_kind" not null, "score" double precision not null, "answered_items" int not null, "shown_items" int not null, primary key ("response_id", "construct_key"));`,
    );

    this.addSql(
      `create table "answers" ("response_id" uuid not null, "item_key" text not null, "number" double precision null, "text" text null, "choices" text[] null, "not_applicable" boolean not null default false, primary key ("response_id", "item_key"));`,
    );

    this.addSql(
      `alter type "audit_action" add value if not exists 'WAVE_CREATED' after 'INSTRUMENT_PUBLISHED';`,
    );
    this.addSql(`alter type "audit_action" add value if not exists 'WAVE_CLOSED' after 'WAVE_CREATED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'WAVE_REOPENED' after 'WAVE_CLOSED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'CODES_CREATED' after 'WAVE_REOPENED';`);

    this.addSql(
      `alter table "waves" add constraint "waves_project_id_foreign" foreign key ("project_id") references "projects" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "waves" add constraint "waves_instrument_version_id_foreign" foreign key ("instrument_version_id") references "instrument_versions" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "invitations" add constraint "invitations_wave_id_foreign" foreign key ("wave_id") references "waves" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "responses" add constraint "responses_wave_id_foreign" foreign key ("wave_id") references "waves" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "responses" add constraint "responses_invitation_id_foreign" foreign key ("invitation_id") references "invitations" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "construct_scores" add constraint "construct_scores_response_id_foreign" foreign key ("response_id") references "responses" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "answers" add constraint "answers_response_id_foreign" foreign key ("response_id") references "responses" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invitations" drop constraint "invitations_wave_id_foreign";`);
    this.addSql(`alter table "responses" drop constraint "responses_wave_id_foreign";`);
    this.addSql(`alter table "responses" drop constraint "responses_invitation_id_foreign";`);
    this.addSql(`alter table "construct_scores" drop constraint "construct_scores_response_id_foreign";`);
    this.addSql(`alter table "answers" drop constraint "answers_response_id_foreign";`);

    this.addSql(`drop table if exists "waves" cascade;`);
    this.addSql(`drop table if exists "invitations" cascade;`);
    this.addSql(`drop table if exists "responses" cascade;`);
    this.addSql(`drop table if exists "construct_scores" cascade;`);
    this.addSql(`drop table if exists "answers" cascade;`);

    this.addSql(`drop type "anonymity_mode";`);
    this.addSql(`drop type "respondent_role";`);
    this.addSql(`drop type "invitation_kind";`);
    this.addSql(`drop type "response_status";`);
    this.addSql(`drop type "construct_kind";`);
  }
}
