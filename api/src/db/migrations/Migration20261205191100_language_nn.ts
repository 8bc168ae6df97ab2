import { Migration } from '@mikro-orm/migrations';

/** Nynorsk as a staff account's language (the web app and staff mails). */
export class Migration20261205191100_language_nn extends Migration {
  override name = 'Migration20261205191100_language_nn';

  override up(): void | Promise<void> {
    this.addSql(`alter type "language" add value if not exists 'nn' before 'en';`);
  }

  override down(): void | Promise<void> {
    // PostgreSQL cannot drop a value from an enum: accounts in nynorsk go back to bokmål, and the value stays unused.
    this.addSql(`update "users" set "language" = 'nb' where "language" = 'nn';`);
  }
}
