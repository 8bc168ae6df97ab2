import type { AddressInfo } from 'node:net';
import { ProjectRole } from '@verdi/api/dist/accounts/membership.entity.js';
import { AccountService } from '@verdi/api/dist/accounts/account.service.js';
import { createApp } from '@verdi/api/dist/app.js';
import { openDatabase } from '@verdi/api/dist/db/orm.js';
import { StatementLog } from '../../../api/src/test/statement-log.ts';
import { firstAdmin } from '@verdi/api/dist/demo/generator.js';
import { createLogger } from '@verdi/api/dist/logger.js';
import { Project } from '@verdi/api/dist/projects/project.entity.js';
import type { BenchContext } from '../context.ts';
import { signIn, type GraphQLCaller } from '../server.ts';
import { dashboardDocument } from './dashboard.ts';

const PROJECT_LIST = `query BenchProjectList {
  projects {
    id
    name
    myRole
    rounds {
      id
      label
      status
      opensAt
      closesAt
      instrumentVersion
      counts { role inProgress submitted codes codesUsed }
    }
  }
}`;

/**
 * SQL statements per request, counted by the ORM's logger hook in a server run in this process, for researchers of
 * few and of many projects: the same request must cost the same number of statements whatever the number.
 */
export async function queries(ctx: BenchContext): Promise<void> {
  const log = new StatementLog();
  const orm = await openDatabase({ databaseUrl: ctx.databaseUrl }, undefined, log.ormOptions);
  const app = await createApp({ orm, log: createLogger('silent') });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  try {
    const em = orm.em.fork();
    const actor = await firstAdmin(em);
    const projects = await em.find(Project, {}, { orderBy: { slug: 'asc' } });
    const counts = ctx.scale.queryProjects;
    if (projects.length < counts[1]) {
      throw new Error(
        `Counting statements at ${counts[1]} projects needs that many; the data has ${projects.length}`,
      );
    }
    const callers: { count: number; gql: GraphQLCaller; projectIds: string[] }[] = [];
    for (const count of counts) {
      const accounts = new AccountService(em);
      const email = `bench.researcher.${count}@example.test`;
      const password = 'benchmark-forsker-passord';
      const user = await accounts.createUser(actor, {
        email,
        name: `Forsker med ${count} prosjekter`,
        password,
      });
      for (const project of projects.slice(0, count)) {
        await accounts.setMembership(actor, {
          userId: user.id,
          projectId: project.id,
          role: ProjectRole.RESEARCHER,
        });
      }
      callers.push({
        count,
        gql: await signIn(url, email, password),
        projectIds: projects.slice(0, count).map((p) => p.id),
      });
    }
    const document = dashboardDocument();
    const requests = [
      {
        name: 'project list with rounds and counts',
        run: (c: (typeof callers)[number]) => c.gql(PROJECT_LIST),
      },
      {
        name: 'dashboard construct scores',
        run: (c: (typeof callers)[number]) =>
          c.gql(document, { projectIds: c.projectIds }, 'DashboardConstructScores'),
      },
    ];
    for (const request of requests) {
      const measured: number[] = [];
      for (const caller of callers) {
        await request.run(caller); // a first request may load metadata; count the second
        measured.push((await log.during(() => request.run(caller))).length);
      }
      ctx.figures.push({
        section: 'SQL per request',
        name: `${request.name}, ${counts[1]} projects`,
        value: measured[1]!,
        unit: 'statements',
        baseline: { name: `the same request at ${counts[0]} projects`, value: measured[0]! },
        better: 'equal',
      });
      ctx.log(
        `  ${request.name}: ${measured[0]} statements at ${counts[0]} projects, ${measured[1]} at ${counts[1]}`,
      );
    }
  } finally {
    await app.stop();
    await orm.close();
  }
}
