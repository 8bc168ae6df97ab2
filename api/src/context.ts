import type { Em } from './db/orm.js';
import type { Logger } from './logger.js';

export interface Context {
  /** A fork of the EntityManager for this request alone. */
  em: Em;
  log: Logger;
}
