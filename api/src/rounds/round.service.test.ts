import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../accounts/user.entity.js';
import { RespondentRole } from '../instruments/definition.types.js';
import type { Project } from '../projects/project.entity.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import {
  makeOpenRound,
  makeProject,
  makeRoundActivity,
  makeUser,
  type OpenRound,
} from '../test/factories.js';
import { RoundService } from './round.service.js';

let db: TestDatabase;
let author: User;

beforeAll(async () => {
  db = await createTestDatabase();
  author = await makeUser(db.orm.em.fork(), { isAdmin: true });
});
afterAll(async () => {
  await db?.drop();
});

const service = () => new RoundService(db.orm.em.fork());
const zero = (role: RespondentRole) => ({ role, inProgress: 0, submitted: 0, codes: 0, codesUsed: 0 });

describe('RoundService batches', () => {
  let project: Project;
  let busy: OpenRound;
  let quiet: OpenRound;

  beforeAll(async () => {
    const em = db.orm.em.fork();
    project = await makeProject(em);
    busy = await makeOpenRound(em, project, author, { label: 'Travel' });
    quiet = await makeOpenRound(em, project, author, { label: 'Stille' });
    await makeRoundActivity(db.orm, busy, author);
  });

  it('counts every round of a batch in one go, as it counts one round alone, with zeros where nothing happened', async () => {
    const unknown = randomUUID();
    const batch = await service().countsOf([quiet.roundId, unknown, busy.roundId]);
    expect(batch).toEqual([
      await service().counts(quiet.roundId),
      await service().counts(unknown),
      await service().counts(busy.roundId),
    ]);
    expect(batch[2]).toEqual([
      zero(RespondentRole.SERVICE_USER),
      zero(RespondentRole.PROFESSIONAL),
      { role: RespondentRole.CONSULTANT, inProgress: 1, submitted: 2, codes: 3, codesUsed: 1 },
    ]);
    expect(batch[0]).toEqual(Object.values(RespondentRole).map(zero));
    expect(batch[1]).toEqual(Object.values(RespondentRole).map(zero));
  });

  it('answers a repeated id, an id in capitals and an id that is no uuid under their own keys', async () => {
    const counts = await service().countsOf([
      busy.roundId,
      'not-a-uuid',
      busy.roundId.toUpperCase(),
      busy.roundId,
    ]);
    expect(counts[0]).toEqual(await service().counts(busy.roundId));
    expect(counts[1]).toEqual([]);
    expect(counts[2]).toEqual(counts[0]);
    expect(counts[3]).toEqual(counts[0]);
    const links = await service().openLinksOf([quiet.roundId, 'not-a-uuid', quiet.roundId]);
    expect(links.map((group) => group.length)).toEqual([3, 0, 3]);
  });

  it('lists the open links of each round in the order of the ids, one per role', async () => {
    const [ofBusy, ofQuiet] = await service().openLinksOf([busy.roundId, quiet.roundId]);
    expect(ofBusy!.map((link) => link.linkToken)).toEqual(
      (await service().openLinks(busy.roundId)).map((link) => link.linkToken),
    );
    expect(ofBusy!.map((link) => [link.role, link.linkToken])).toEqual(
      Object.values(RespondentRole).map((role) => [role, busy.links[role]]),
    );
    expect(ofQuiet!.every((link) => link.round.id === quiet.roundId)).toBe(true);
  });

  it("lists each project's rounds oldest first, and none for a project without rounds", async () => {
    const em = db.orm.em.fork();
    const empty = await makeProject(em);
    const other = await makeProject(em);
    const early = await makeOpenRound(em, other, author);
    const [ofProject, ofEmpty, ofOther] = await service().listOfProjects([project.id, empty.id, other.id]);
    expect(ofProject!.map((round) => round.id)).toEqual([busy.roundId, quiet.roundId]);
    expect(ofProject!.map((round) => round.id)).toEqual((await service().list(project.id)).map((w) => w.id));
    expect(ofEmpty).toEqual([]);
    expect(ofOther!.map((round) => round.id)).toEqual([early.roundId]);
  });
});
