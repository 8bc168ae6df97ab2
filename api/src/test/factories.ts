import { randomUUID } from 'node:crypto';
import type { Em } from '../db/orm.js';
import { Membership, ProjectRole } from '../accounts/membership.entity.js';
import { hashPassword } from '../accounts/password.js';
import { hashSecret, newSecret } from '../accounts/secrets.js';
import { Session } from '../accounts/session.entity.js';
import { User } from '../accounts/user.entity.js';
import { Project } from '../projects/project.entity.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export async function makeProject(em: Em, name = `Prosjekt ${randomUUID().slice(0, 8)}`): Promise<Project> {
  const project = em.create(Project, {
    name,
    slug: `p-${randomUUID().slice(0, 12)}`,
    organisation: 'Testkommune',
  });
  await em.flush();
  return project;
}

/** A staff account with the shared test password and the given project roles. */
export async function makeUser(
  em: Em,
  options: { isAdmin?: boolean; active?: boolean; roles?: [Project, ProjectRole][]; email?: string } = {},
): Promise<User> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = randomUUID();
  const user = em.create(User, {
    id,
    email: options.email ?? `user-${id.slice(0, 8)}@example.test`,
    name: `Testbruker ${id.slice(0, 4)}`,
    passwordHash: await passwordHash,
    isAdmin: options.isAdmin ?? false,
    active: options.active ?? true,
  });
  for (const [project, role] of options.roles ?? []) em.create(Membership, { user, project, role });
  await em.flush();
  return user;
}

/** A session straight in the database, as signing in would make it, without spending argon2 time. */
export async function makeSession(
  em: Em,
  user: User,
  expiresAt = new Date(Date.now() + 3_600_000),
): Promise<string> {
  const token = newSecret();
  em.create(Session, { tokenHash: hashSecret(token), user, expiresAt });
  await em.flush();
  return token;
}
