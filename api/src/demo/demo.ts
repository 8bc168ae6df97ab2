import { User } from '../accounts/user.entity.js';
import { openDatabase, type DatabaseTarget, type Em, type Orm } from '../db/orm.js';
import { Project } from '../projects/project.entity.js';
import { loadDemo, readSeed, type DemoSummary, type SeedUser } from './seeder.js';

/** Loads the demo on a database that has no projects yet, when it is wanted (`AppConfig.demo`, `demoWanted`). */
export async function loadDemoIfEmpty(em: Em, wanted: boolean): Promise<DemoSummary | null> {
  if (!wanted) return null;
  if ((await em.count(Project, {})) > 0) return null;
  return em.transactional((tx) => loadDemo(tx as Em));
}

/**
 * The demo's accounts (the seed's emails, whose passwords are published) that are active in this database: in
 * production there should be none, and a database once started as a demo still has them.
 */
export async function activeDemoAccounts(em: Em): Promise<string[]> {
  const { users } = readSeed<{ users: SeedUser[] }>('users.json');
  const found = await em.find(
    User,
    { email: { $in: users.map((user) => user.email.toLowerCase()) }, active: true },
    { orderBy: { email: 'asc' } },
  );
  return found.flatMap((user) => (user.email ? [user.email] : []));
}

export function demoAccountsWarning(emails: string[]): string {
  return (
    `Demo accounts with published passwords are active in this production database: ${emails.join(', ')}. ` +
    'Anyone can sign in with them. Deactivate them (Users page, or updateUser active: false) or change their passwords.'
  );
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
