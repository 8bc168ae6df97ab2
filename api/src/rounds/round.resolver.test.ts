import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import { RespondentRole } from '../instruments/definition.types.js';
import type { Project } from '../projects/project.entity.js';
import { makeOpenRound, makeProject, makeRoundActivity, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { StatementLog } from '../test/statement-log.js';
import { RoundService } from './round.service.js';

const PROJECTS_WITH_ROUNDS = `{ projects { id name rounds { id label status instrumentVersion
  counts { role submitted inProgress codes codesUsed } openLinks { role path } } } }`;
const ROUNDS = 'query ($id: UUID!) { rounds(projectId: $id) { id } }';

interface RoundData {
  id: string;
  label: string;
  status: string;
  instrumentVersion: number;
  counts: { role: RespondentRole; submitted: number; inProgress: number; codes: number; codesUsed: number }[];
  openLinks: { role: RespondentRole; path: string }[];
}
interface ProjectsData {
  projects: { id: string; name: string; rounds: RoundData[] }[];
}

const statements = new StatementLog();
let server: TestServer;
let author: User;

beforeAll(async () => {
  server = await startTestServer({ orm: statements.ormOptions });
  author = await makeUser(server.db.orm.em.fork(), { isAdmin: true });
});
afterAll(async () => {
  await server?.stop();
});

/** `count` projects with two rounds each, the first with answers, and a researcher of them and of `also`. */
async function researcherOfProjects(
  count: number,
  also: Project[] = [],
): Promise<{ client: GraphQLClient; projects: Project[] }> {
  const em = server.db.orm.em.fork();
  const projects: Project[] = [];
  for (let n = 0; n < count; n++) {
    const project = await makeProject(em);
    const first = await makeOpenRound(em, project, author, { label: 'Oppstart' });
    await makeOpenRound(em, project, author, { label: 'Seks måneder' });
    await makeRoundActivity(server.db.orm, first, author);
    projects.push(project);
  }
  const user = await makeUser(em, { roles: [...projects, ...also].map((p) => [p, ProjectRole.RESEARCHER]) });
  return { client: server.client({ session: await makeSession(em, user) }), projects };
}

describe('rounds nested in the project list', () => {
  it("gives each project's rounds in the order of the rounds query, with each round's own counts and links", async () => {
    const empty = await makeProject(server.db.orm.em.fork());
    const { client, projects } = await researcherOfProjects(3, [empty]);

    const result = await client.graphql<ProjectsData>(PROJECTS_WITH_ROUNDS);
    expect(result.body.errors).toBeUndefined();
    const listed = result.body.data!.projects;
    expect(listed.map((p) => p.id).sort()).toEqual([...projects, empty].map((p) => p.id).sort());
    expect(listed.find((p) => p.id === empty.id)!.rounds).toEqual([]);

    for (const project of projects) {
      const rounds = listed.find((p) => p.id === project.id)!.rounds;
      const alone = await client.graphql<{ rounds: { id: string }[] }>(ROUNDS, { id: project.id });
      expect(rounds.map((r) => r.id)).toEqual(alone.body.data!.rounds.map((r) => r.id));
      expect(rounds.map((r) => r.label)).toEqual(['Oppstart', 'Seks måneder']);
      const service = new RoundService(server.db.orm.em.fork());
      for (const round of rounds) {
        expect(round).toMatchObject({ status: 'OPEN', instrumentVersion: 1 });
        expect(round.counts).toEqual(await service.counts(round.id));
        expect(round.openLinks).toEqual(
          (await service.openLinks(round.id)).map((link) => ({
            role: link.role,
            path: `/s/${link.linkToken}`,
          })),
        );
      }
      expect(rounds[0]!.counts.find((c) => c.role === RespondentRole.CONSULTANT)).toEqual({
        role: RespondentRole.CONSULTANT,
        submitted: 2,
        inProgress: 1,
        codes: 3,
        codesUsed: 1,
      });
      expect(rounds[1]!.counts.every((c) => c.submitted + c.inProgress + c.codes + c.codesUsed === 0)).toBe(
        true,
      );
    }
  });

  it('costs as many SQL statements for six projects as for two', async () => {
    const few = await researcherOfProjects(2);
    const many = await researcherOfProjects(6);
    const run = async (client: GraphQLClient) => {
      let data: ProjectsData | null | undefined;
      const sent = await statements.during(async () => {
        const result = await client.graphql<ProjectsData>(PROJECTS_WITH_ROUNDS);
        expect(result.body.errors).toBeUndefined();
        data = result.body.data;
      });
      return { sent, data: data! };
    };
    await run(few.client);

    const forFew = await run(few.client);
    const forMany = await run(many.client);
    expect(forFew.data.projects.flatMap((p) => p.rounds)).toHaveLength(4);
    expect(forMany.data.projects.flatMap((p) => p.rounds)).toHaveLength(12);
    expect(forMany.sent.length, forMany.sent.join('\n')).toBe(forFew.sent.length);
    // The session and its memberships, the projects, their rounds, the versions, the counts and the links.
    expect(forMany.sent.length, forMany.sent.join('\n')).toBeLessThanOrEqual(7);
  });
});
