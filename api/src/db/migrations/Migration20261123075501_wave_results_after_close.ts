import { Migration } from '@mikro-orm/migrations';

export class Migration20261123075501_wave_results_after_close extends Migration {
  override name = 'Migration20261123075501_wave_results_after_close';

  override up(): void | Promise<void> {
    this.addSql(`alter table "waves" add "results_after_close" boolean not null default true;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "waves" drop column "results_after_close";`);
  }
}
