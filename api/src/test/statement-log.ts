import type { Logger, LogContext } from '@mikro-orm/core';
import type { OrmOptions } from '../db/orm.js';

/**
 * Records every SQL statement the ORM sends, through MikroORM's own logger hook, which sees each statement
 * (queries, raw SQL and transaction control alike) whatever the `debug` setting. For tests that pin how many
 * statements a request costs.
 */
export class StatementLog {
  readonly statements: string[] = [];

  /** Options for `startTestServer({ orm })` or `createTestDatabase` that send every statement here. */
  get ormOptions(): OrmOptions {
    return { loggerFactory: () => this.logger };
  }

  /** The statements sent while `work` ran. */
  async during(work: () => Promise<unknown>): Promise<string[]> {
    const start = this.statements.length;
    await work();
    return this.statements.slice(start);
  }

  private readonly logger: Logger = {
    log: () => {},
    error: () => {},
    warn: () => {},
    logQuery: (context: LogContext) => {
      // The slow-query logger falls back to this one and logs a statement a second time under its own namespace.
      if (context.query !== undefined && (context.namespace ?? 'query') === 'query') {
        this.statements.push(context.query);
      }
    },
    setDebugMode: () => {},
    isEnabled: () => false,
  };
}
