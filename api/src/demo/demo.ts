import { openDatabase, type DatabaseTarget, type Em, type Orm } from '../db/orm.js';
import { Project } from '../projects/project.entity.js';
import { loadDemo, type DemoSummary } from './seeder.js';

/** Loads the demo on a database that has no projects yet, unless VERDI_DEMO=0. */
export async function loadDemoIfEmpty(
  em: Em,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DemoSummary | null> {
  if (env.VERDI_DEMO === '0' || env.VERDI_DEMO === 'false') return null;
  if ((await em.count(Project, {})) > 0) return null;
  return em.transactional((tx) => loadDemo(tx as Em));
}

/**
 * Empties the database completely and opens it again, which runs the migrations from the start. The ORM given is
 * closed; use the one returned.
 */
export async function resetDatabase(orm: Orm, target: DatabaseTarget): Promise<Orm> {
  const connection = orm.em.getConnection();
  await connection.execute('drop schema public cascade');
  await connection.execute('create schema public');
  await orm.close();
  return openDatabase(target);
}

export function describeDemo(summary: DemoSummary): string {
  const lines = [
    `Demo data loaded: ${summary.projects} projects, ${summary.rounds} rounds, ${summary.responses} synthetic responses (${summary.answers} answers).`,
    'Demo sign-ins:',
    ...summary.users.map((user) => `  ${user.role.padEnd(10)} ${user.email}  password: ${user.password}`),
  ];
  return lines.join('\n');
}
