import { Migration } from '@mikro-orm/migrations';

/**
 * Randomised sections: each response records the order its randomised sections' items were shown in (item keys,
 * section by section), drawn by the participant's page and kept with the draft so that a resumed survey keeps it.
 */
export class Migration20261206020000_item_order extends Migration {
  override name = 'Migration20261206020000_item_order';

  override up(): void | Promise<void> {
    this.addSql(`alter table "responses" add "item_order" text[] null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "responses" drop column "item_order";`);
  }
}
