import { Migration } from '@mikro-orm/migrations';

/**
 * The languages a round offers its participants, and the one its first page opens in. Rounds made before could be
 * answered in bokmål and English (English falling back to bokmål where a text had none), opening in bokmål: they
 * keep that.
 */
export class Migration20261205191000_round_languages extends Migration {
  override name = 'Migration20261205191000_round_languages';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "rounds" add "languages" text[] not null default '{nb,en}', add "default_language" text not null default 'nb';`,
    );
    this.addSql(
      `alter table "rounds" add constraint "rounds_languages_check" check (cardinality("languages") > 0 and "languages" <@ array['nb', 'nn', 'en']::text[] and "default_language" = any("languages"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "rounds" drop constraint if exists "rounds_languages_check";`);
    this.addSql(`alter table "rounds" drop column "languages", drop column "default_language";`);
  }
}
