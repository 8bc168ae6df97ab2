import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Viewer } from '../auth/viewer.js';
import { dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { InstrumentFormat } from '../instruments/instrument.inputs.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { InstrumentVersion } from '../instruments/instrument-version.entity.js';
import { ProjectService } from '../projects/project.service.js';
import { linkageHashFor } from '../responses/survey.service.js';
import { RoundService } from '../rounds/round.service.js';
import { User } from '../accounts/user.entity.js';
import { insertSubmissions } from './bulk.js';
import { seededRandom } from './random.js';
import { SEED_DIR } from './seeder.js';
import { syntheticAnswers } from './synthetic.js';

export interface GeneratorOptions {
  projects: number;
  rounds: number;
  /** Respondents per role in each round. */
  respondents: number;
}

export interface GeneratorSummary extends GeneratorOptions {
  responses: number;
  answers: number;
  seconds: number;
}

/** The first admin account as the actor of generated records. */
export async function firstAdmin(em: Em): Promise<Viewer> {
  const admin = await em.findOneOrFail(User, { isAdmin: true }, { orderBy: { createdAt: 'asc' } });
  return { userId: admin.id, isAdmin: true, roles: new Map(), via: 'session', credentialId: 'generator' };
}

/**
 * A large synthetic data set for benchmarks: `projects` projects with `rounds` rounds each, `respondents` per role
 * per round, all answering the core instrument. 50 × 4 × 3 roles × 112 respondents gives about a million answers.
 */
export async function generateLarge(
  em: Em,
  options: GeneratorOptions,
  progress: (line: string) => void = () => undefined,
  /** Names and slugs start with it, so that several generated sets can share a database. */
  prefix = 'benchmark',
): Promise<GeneratorSummary> {
  const started = Date.now();
  const actor = await firstAdmin(em);
  const instruments = new InstrumentService(em);
  const imported = await instruments.import(actor, {
    format: InstrumentFormat.VERDI_JSON,
    content: readFileSync(path.join(SEED_DIR, 'instrument.json'), 'utf8'),
    name: `Verdi og utfordringer (${prefix})`,
  });
  const draft = await instruments.draft(imported.instrument.id);
  const version = await instruments.publish(actor, imported.instrument.id, draft!.revision);
  const definition = (await em.findOneOrFail(InstrumentVersion, { id: version.id })).definition;

  let responses = 0;
  let answers = 0;
  for (let p = 1; p <= options.projects; p++) {
    const number = String(p).padStart(3, '0');
    const project = await new ProjectService(em).create({
      name: `${prefix[0]!.toUpperCase()}${prefix.slice(1)}-prosjekt ${number}`,
      slug: `${prefix}-${number}`,
      organisation: 'Syntetisk kommune',
    });
    const random = seededRandom(`${prefix}:${number}`);
    const profile = {
      value: random() * 1.4 - 0.2,
      challenge: random() * 1.2 - 0.4,
      change: random() * 0.4 - 0.1,
    };
    for (let r = 0; r < options.rounds; r++) {
      const opensAt = new Date(Date.UTC(2022 + r, 1, 1, 7));
      const round = await new RoundService(em).create(actor, {
        projectId: project.id,
        instrumentId: imported.instrument.id,
        label: r === 0 ? 'Baseline' : `Oppfølging ${r}`,
        opensAt,
        closesAt: new Date(opensAt.getTime() + 30 * 86_400_000),
        information: { nb: 'Syntetiske data for ytelsestester.' },
        linkage: true,
      });
      for (const role of Object.values(RespondentRole)) {
        const submissions = Array.from({ length: options.respondents }, (_, i) => ({
          answers: syntheticAnswers(definition, {
            seed: `${prefix}:${number}:${r}:${role}:${i}`,
            role,
            profile,
            followUp: r > 0,
            peersInTeam: () => 1 + (i % 3),
          }),
          submittedOn: dayOf(new Date(opensAt.getTime() + (i % 30) * 86_400_000)),
          linkageHash: linkageHashFor(project.id, `${role}-${i}`),
        }));
        answers += await insertSubmissions(em, round.id, definition, role, submissions);
        responses += submissions.length;
      }
    }
    em.clear();
    progress(`project ${p}/${options.projects}: ${responses} responses, ${answers} answers`);
  }
  return { ...options, responses, answers, seconds: (Date.now() - started) / 1000 };
}
