import { Migration } from '@mikro-orm/migrations';

/**
 * Invitations by e-mail (issue 20): the invitees of a round, the round's mail settings, and the counts kept when the
 * addresses are deleted. No foreign key refers to `invitees`, and `answered` has no date (see `invitees/`).
 */
export class Migration20261205090000_invitees extends Migration {
  override name = 'Migration20261205090000_invitees';

  override up(): void | Promise<void> {
    this.addSql(
      `create type "invitee_state" as enum ('NEW', 'QUEUED', 'SENDING', 'SENT', 'BOUNCED', 'FAILED');`,
    );
    this.addSql(
      `create table "invitees" ("id" uuid not null, "round_id" uuid not null, "created_at" timestamptz not null, "email" text not null, "email_key" text not null, "role" "respondent_role" not null, "language" text not null, "ticket_hash" text not null, "opt_out_hash" text not null, "state" "invitee_state" not null default 'NEW', "attempts" smallint not null default 0, "claimed_at" timestamptz null, "sent_on" date null, "last_error" text null, "reminders_sent" smallint not null default 0, "last_reminded_on" date null, "opted_out" boolean not null default false, "answered" boolean not null default false, primary key ("id"), constraint "invitees_language_check" check ("language" in ('nb', 'nn', 'en')));`,
    );
    this.addSql(
      `alter table "invitees" add constraint "invitees_round_id_email_key_unique" unique ("round_id", "email_key");`,
    );
    this.addSql(`create index "invitees_round_id_state_index" on "invitees" ("round_id", "state");`);
    this.addSql(
      `alter table "invitees" add constraint "invitees_ticket_hash_unique" unique ("ticket_hash");`,
    );
    this.addSql(
      `alter table "invitees" add constraint "invitees_opt_out_hash_unique" unique ("opt_out_hash");`,
    );
    this.addSql(
      `alter table "invitees" add constraint "invitees_round_id_foreign" foreign key ("round_id") references "rounds" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "invitation_summaries" ("round_id" uuid not null, "invited" int not null, "sent" int not null, "bounced" int not null, "failed" int not null, "opted_out" int not null, "answered" int not null, "reminders" int not null, "addresses_deleted_on" date not null, primary key ("round_id"));`,
    );
    this.addSql(
      `alter table "invitation_summaries" add constraint "invitation_summaries_round_id_foreign" foreign key ("round_id") references "rounds" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "rounds" add column "invitation_message" jsonb null, add column "invitation_reply_to" text null, add column "reminder_days" integer[] not null default '{7,14}', add column "invitee_grace_days" int null, add column "invitations_sent_on" date null, add column "mail_error" text null;`,
    );

    this.addSql(`alter type "invitation_kind" add value if not exists 'EMAIL';`);
    this.addSql(`alter type "audit_action" add value if not exists 'INVITEES_ADDED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'INVITEES_REMOVED';`);
    this.addSql(`alter type "audit_action" add value if not exists 'INVITATIONS_SENT';`);
    this.addSql(`alter type "audit_action" add value if not exists 'REMINDERS_SENT';`);
    this.addSql(`alter type "audit_action" add value if not exists 'INVITEE_ADDRESSES_DELETED';`);
  }

  override down(): void | Promise<void> {
    // PostgreSQL cannot drop a value from an enum; 'EMAIL' and the audit actions stay, unused.
    this.addSql(`drop table if exists "invitation_summaries" cascade;`);
    this.addSql(`drop table if exists "invitees" cascade;`);
    this.addSql(`drop type if exists "invitee_state";`);
    this.addSql(
      `alter table "rounds" drop column "invitation_message", drop column "invitation_reply_to", drop column "reminder_days", drop column "invitee_grace_days", drop column "invitations_sent_on", drop column "mail_error";`,
    );
  }
}
