import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Membership } from '../accounts/membership.entity.js';
import { ProjectRole } from '../accounts/project-role.js';
import { AccountService } from '../accounts/account.service.js';
import { Language, User } from '../accounts/user.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { ProgrammeCohort } from '../cohorts/cohort.entity.js';
import { cohortProblems } from '../cohorts/cohort.rules.js';
import { dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { InstrumentFormat } from '../instruments/instrument.inputs.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { InstrumentVersion } from '../instruments/instrument-version.entity.js';
import { Project } from '../projects/project.entity.js';
import { ProjectService } from '../projects/project.service.js';
import { linkageHashFor } from '../responses/survey.service.js';
import { RoundService } from '../rounds/round.service.js';
import { insertSubmissions } from './bulk.js';
import { seededRandom } from './random.js';
import { syntheticAnswers, type Profile } from './synthetic.js';

export const SEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../seeds/data');

export interface SeedRound {
  key: string;
  label: string;
  opensAt: string;
  closesAt: string | null;
  respondents: Record<RespondentRole, number>;
}

export interface SeedProject {
  slug: string;
  name: string;
  organisation: string;
  description: string;
  profile: Profile;
  rounds: SeedRound[];
}

export interface SeedUser {
  email: string;
  name: string;
  password: string;
  language: 'nb' | 'en';
  memberships: Record<string, ProjectRole>;
}

interface SeedCohort {
  project: string;
  cohort: string;
  startYear: number | null;
  source: string | null;
  /** What a reader of the figures should know, e.g. a figure left out because the source's do not add up. */
  note?: string | null;
  figures: Record<string, number | null>;
}

export interface DemoSummary {
  projects: number;
  rounds: number;
  responses: number;
  answers: number;
  users: { email: string; password: string; role: string }[];
}

export function readSeed<T>(file: string, dir = SEED_DIR): T {
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;
}

export const DEMO_SLUGS = (dir = SEED_DIR) =>
  readSeed<{ projects: SeedProject[] }>('projects.json', dir).projects.map((p) => p.slug);

/** Up to this share of a follow-up round's respondents took part at baseline and made the same linkage code. */
const PAIRED_SHARE = 0.6;

/**
 * Loads the demo: the four programmes, the core instrument (shared, published), their rounds with synthetic
 * responses, programme figures per cohort, and a demo researcher and manager. Everything comes from seeds/data.
 */
export async function loadDemo(em: Em, dir = SEED_DIR): Promise<DemoSummary> {
  const { projects: seedProjects, instrument: instrumentFile } = readSeed<{
    projects: SeedProject[];
    instrument: string;
  }>('projects.json', dir);
  const { users: seedUsers } = readSeed<{ users: SeedUser[] }>('users.json', dir);
  const { cohorts } = readSeed<{ cohorts: SeedCohort[] }>('cohorts.json', dir);

  const projects = new Map<string, Project>();
  for (const seed of seedProjects) {
    const project = await new ProjectService(em).create({
      name: seed.name,
      slug: seed.slug,
      organisation: seed.organisation,
      description: seed.description,
    });
    projects.set(seed.slug, project);
  }

  const users: DemoSummary['users'] = [];
  let author: User | undefined;
  for (const seed of seedUsers) {
    const user = await new AccountService(em).createUser(null, {
      email: seed.email,
      name: seed.name,
      password: seed.password,
      language: seed.language === 'en' ? Language.EN : Language.NB,
    });
    for (const [slug, role] of Object.entries(seed.memberships)) {
      const project = projects.get(slug);
      if (!project)
        throw new Error(
          `users.json gives ${seed.email} a role in ${slug}, which projects.json does not have`,
        );
      em.create(Membership, { user, project, role });
    }
    const roles = new Set(Object.values(seed.memberships));
    if (!author && roles.has(ProjectRole.RESEARCHER)) author = user;
    users.push({ email: seed.email, password: seed.password, role: [...roles].join('/').toLowerCase() });
  }
  await em.flush();
  if (!author) throw new Error('users.json needs at least one researcher to own the demo instrument');
  const actor: Viewer = {
    userId: author.id,
    isAdmin: true,
    roles: new Map(),
    via: 'session',
    credentialId: 'demo',
  };

  const instruments = new InstrumentService(em);
  const imported = await instruments.import(actor, {
    format: InstrumentFormat.VERDI_JSON,
    content: readFileSync(path.join(dir, instrumentFile), 'utf8'),
  });
  if (imported.problems.length > 0) {
    throw new Error(
      `The demo instrument breaks the rules: ${imported.problems.map((p) => p.message).join('; ')}`,
    );
  }
  const draft = await instruments.draft(imported.instrument.id);
  const version = await instruments.publish(actor, imported.instrument.id, draft!.revision);
  const definition = (await em.findOneOrFail(InstrumentVersion, { id: version.id })).definition;

  let roundCount = 0;
  let responses = 0;
  let answers = 0;
  for (const seed of seedProjects) {
    const project = projects.get(seed.slug)!;
    const linkage = seed.rounds.length > 1;
    for (const [roundIndex, seedRound] of seed.rounds.entries()) {
      const round = await new RoundService(em).create(actor, {
        projectId: project.id,
        instrumentId: imported.instrument.id,
        label: seedRound.label,
        opensAt: new Date(seedRound.opensAt),
        closesAt: seedRound.closesAt ? new Date(seedRound.closesAt) : null,
        information: {
          nb: `Vi vil vite hva erfaringskonsulentene i ${seed.name} betyr for dem de møter, og hva som gjør arbeidet vanskelig. Det er frivillig å svare, og svarene er anonyme. (Demodata.)`,
          en: `We want to know what the peer workers in ${seed.name} mean to the people they meet, and what makes the work hard. Answering is voluntary and anonymous. (Demo data.)`,
        },
        linkage,
      });
      roundCount++;
      const opens = new Date(seedRound.opensAt).getTime();
      const closes = seedRound.closesAt ? new Date(seedRound.closesAt).getTime() : opens + 21 * 86_400_000;
      for (const role of Object.values(RespondentRole)) {
        const count = seedRound.respondents[role] ?? 0;
        const peers = seededRandom(`${seed.slug}:${seedRound.key}:${role}:peers`);
        const submissions = Array.from({ length: count }, (_, index) => {
          const seedKey = `${seed.slug}:${seedRound.key}:${role}:${index}`;
          const when = seededRandom(`${seedKey}:when`)();
          const paired = roundIndex > 0 && index < Math.floor(count * PAIRED_SHARE);
          return {
            answers: syntheticAnswers(definition, {
              seed: seedKey,
              role,
              profile: seed.profile,
              followUp: roundIndex > 0,
              peersInTeam: () => (seed.slug === 'kbt-trondheim' ? 1 : 1 + Math.floor(peers() * 3)),
            }),
            submittedOn: dayOf(new Date(opens + when * (closes - opens))),
            linkageHash:
              linkage && (roundIndex === 0 || paired)
                ? linkageHashFor(project.id, `${seed.slug}-${role}-${index}`)
                : null,
          };
        });
        answers += await insertSubmissions(em, round.id, definition, role, submissions);
        responses += count;
      }
    }
  }

  for (const seed of cohorts) {
    const project = projects.get(seed.project);
    if (!project)
      throw new Error(`cohorts.json names project ${seed.project}, which projects.json does not have`);
    const problems = Object.entries(cohortProblems(seed.figures));
    if (problems.length > 0) {
      throw new Error(
        `cohorts.json: the figures of ${seed.project} "${seed.cohort}" do not hold together: ${problems
          .map(([field, problem]) => `${field} ${problem}`)
          .join('; ')}`,
      );
    }
    em.create(ProgrammeCohort, {
      project,
      cohort: seed.cohort,
      startYear: seed.startYear,
      source: seed.source,
      note: seed.note ?? null,
      ...seed.figures,
    });
  }
  await em.flush();
  return { projects: projects.size, rounds: roundCount, responses, answers, users };
}
