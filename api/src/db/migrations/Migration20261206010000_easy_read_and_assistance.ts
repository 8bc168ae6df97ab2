import { Migration } from '@mikro-orm/migrations';

/**
 * Easy-read wording and assisted answering. Each response records the wording it was answered in (responses made
 * before had only the standard wording) and whether, and how, someone helped; the round's easy-read information is
 * kept with the consented text. The hash of a consented text is unchanged where there is no easy-read text.
 */
export class Migration20261206010000_easy_read_and_assistance extends Migration {
  override name = 'Migration20261206010000_easy_read_and_assistance';

  override up(): void | Promise<void> {
    this.addSql(`create type "response_wording" as enum ('STANDARD', 'EASY_READ', 'MIXED');`);
    this.addSql(
      `alter table "responses" add "wording" "response_wording" not null default 'STANDARD', add "assisted" boolean null, add "assisted_read_aloud" boolean null, add "assisted_wrote" boolean null, add "assisted_explained" boolean null;`,
    );
    this.addSql(
      `alter table "responses" add constraint "responses_assisted_check" check ("assisted" is true or ("assisted_read_aloud" is null and "assisted_wrote" is null and "assisted_explained" is null));`,
    );
    this.addSql(`alter table "rounds" add "information_easy_read" jsonb null;`);
    this.addSql(`alter table "consent_texts" add "information_easy_read" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "consent_texts" drop column "information_easy_read";`);
    this.addSql(`alter table "rounds" drop column "information_easy_read";`);
    this.addSql(`alter table "responses" drop constraint if exists "responses_assisted_check";`);
    this.addSql(
      `alter table "responses" drop column "wording", drop column "assisted", drop column "assisted_read_aloud", drop column "assisted_wrote", drop column "assisted_explained";`,
    );
    this.addSql(`drop type "response_wording";`);
  }
}
