import { Migration } from '@mikro-orm/migrations';

export class Migration20261123081009_export_audit extends Migration {
  override name = 'Migration20261123081009_export_audit';

  override up(): void | Promise<void> {
    this.addSql(
      `alter type "audit_action" add value if not exists 'EXPORT_DOWNLOADED' after 'CODES_CREATED';`,
    );
  }
}
