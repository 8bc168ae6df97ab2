import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../common/errors.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { Project } from './project.entity.js';
import { ProjectService } from './project.service.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.orm.em.fork().nativeDelete(Project, {});
});

const service = () => new ProjectService(db.orm.em.fork());

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: unknown; fields: unknown; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { extensions?: { code?: unknown; fields?: unknown }; message: string };
    return { code: e.extensions?.code, fields: e.extensions?.fields, message: e.message };
  }
  throw new Error('expected the call to fail');
}

describe('ProjectService', () => {
  it('creates a project and reads it back from the database', async () => {
    const created = await service().create({
      name: '  Erfaringsskolen i Oslo ',
      organisation: 'Helseetaten, Oslo kommune',
      description: 'Sju måneders skole for erfaringskonsulenter',
    });

    const em = db.orm.em.fork();
    em.clear();
    const stored = await em.findOneOrFail(Project, { id: created.id });
    expect(stored.name).toBe('Erfaringsskolen i Oslo');
    expect(stored.slug).toBe('erfaringsskolen-i-oslo');
    expect(stored.organisation).toBe('Helseetaten, Oslo kommune');
    expect(stored.description).toBe('Sju måneders skole for erfaringskonsulenter');
    expect(stored.createdAt).toBeInstanceOf(Date);
  });

  it('derives slugs with Norwegian letters spelled out, and numbers a repeated one', async () => {
    const first = await service().create({ name: 'Lillestrøm bolig', organisation: 'Lillestrøm kommune' });
    const second = await service().create({ name: 'Lillestrøm bolig', organisation: 'Lillestrøm kommune' });
    const third = await service().create({ name: 'Lillestrøm bolig', organisation: 'Lillestrøm kommune' });
    expect([first.slug, second.slug, third.slug]).toEqual([
      'lillestrom-bolig',
      'lillestrom-bolig-2',
      'lillestrom-bolig-3',
    ]);
  });

  it('lists projects by name', async () => {
    await service().create({ name: 'Bergen MB', organisation: 'Bergen kommune' });
    await service().create({ name: 'Arendal test', organisation: 'Test kommune' });
    const names = (await service().list()).map((project) => project.name);
    expect(names).toEqual(['Arendal test', 'Bergen MB']);
  });

  it('rejects a slug that another project already has, naming the field, and stores nothing', async () => {
    await service().create({ name: 'Første', organisation: 'Org', slug: 'felles' });
    const error = await errorOf(service().create({ name: 'Andre', organisation: 'Org', slug: 'felles' }));
    expect(error.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(error.fields).toEqual({ slug: 'is already used by another project' });
    expect(await db.orm.em.fork().count(Project, {})).toBe(1);
  });

  it('maps a unique-index conflict between concurrent creates to the same field error', async () => {
    const results = await Promise.allSettled([
      service().create({ name: 'En', organisation: 'Org', slug: 'samtidig' }),
      service().create({ name: 'To', organisation: 'Org', slug: 'samtidig' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.extensions).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      fields: { slug: expect.any(String) },
    });
    expect(await db.orm.em.fork().count(Project, { slug: 'samtidig' })).toBe(1);
  });

  it('updates only the fields given, and an empty description removes it', async () => {
    const created = await service().create({
      name: 'Gammelt navn',
      organisation: 'Org',
      description: 'Tekst',
    });
    await service().update(created.id, { name: 'Nytt navn', description: '' });

    const em = db.orm.em.fork();
    const stored = await em.findOneOrFail(Project, { id: created.id });
    expect(stored.name).toBe('Nytt navn');
    expect(stored.organisation).toBe('Org');
    expect(stored.slug).toBe('gammelt-navn');
    expect(stored.description).toBeNull();
    expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(created.createdAt.getTime());
  });

  it("refuses to move a project onto another project's slug", async () => {
    await service().create({ name: 'A', organisation: 'Org', slug: 'a' });
    const b = await service().create({ name: 'B', organisation: 'Org', slug: 'b' });
    const error = await errorOf(service().update(b.id, { slug: 'a' }));
    expect(error.fields).toEqual({ slug: 'is already used by another project' });
    const stored = await db.orm.em.fork().findOneOrFail(Project, { id: b.id });
    expect(stored.slug).toBe('b');
  });

  it('says NOT_FOUND for an unknown id and for a malformed one', async () => {
    expect((await errorOf(service().get('7d4a4f7e-0000-4000-8000-000000000000'))).code).toBe(
      ErrorCode.NOT_FOUND,
    );
    expect((await errorOf(service().get('not-an-id'))).code).toBe(ErrorCode.NOT_FOUND);
    expect((await errorOf(service().update('not-an-id', { name: 'x' }))).code).toBe(ErrorCode.NOT_FOUND);
  });

  it('asks for a slug when none can be derived from the name', async () => {
    const error = await errorOf(service().create({ name: '!!!', organisation: 'Org' }));
    expect(error.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(error.fields).toHaveProperty('slug');
  });
});
