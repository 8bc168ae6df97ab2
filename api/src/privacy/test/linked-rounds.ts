import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { ProjectRole } from '../../accounts/project-role.js';
import type { Orm } from '../../db/orm.js';
import type { Project } from '../../projects/project.entity.js';
import { SurveyService } from '../../responses/survey.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser, type OpenRound } from '../../test/factories.js';
import { Round } from '../../rounds/round.entity.js';

/** The letters a participant is likely to give for an initial: the Norwegian alphabet. */
export const INITIALS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ'];

/**
 * Every code the survey's linkage step can make from those letters (web/src/survey/model/linkage.ts): mother's initial,
 * birth day 01–31, birthplace initial, older siblings 0–30. About 0.8 million.
 */
export function* everyLinkageCode(): Generator<string> {
  for (const mother of INITIALS) {
    for (let day = 1; day <= 31; day++) {
      const dd = String(day).padStart(2, '0');
      for (const birthplace of INITIALS) {
        for (let siblings = 0; siblings <= 30; siblings++) yield `${mother}${dd}${birthplace}${siblings}`;
      }
    }
  }
}

export interface Match {
  code: string;
  /** The value found: a whole hash, or the 16 hex digits an export shows. */
  value: string;
  /** Which of the derivations matched (their index). */
  derivation: number;
}

/**
 * The attack: derive every code's hash in each way given, and look for it, whole or as its first 16 hex digits (what
 * exports showed), among the values found. One pass over the code space, however many derivations.
 */
export function searchCodeSpace(values: Iterable<string>, derive: (code: string) => string[]): Match[] {
  const targets = new Set(values);
  const found: Match[] = [];
  for (const code of everyLinkageCode()) {
    derive(code).forEach((hash, derivation) => {
      for (const value of [hash, hash.slice(0, 16)]) {
        if (targets.has(value)) found.push({ code, value, derivation });
      }
    });
  }
  return found;
}

const ANSWERS = [
  { item: 'contact', number: 1 },
  { item: 'hope_1', number: 4 },
];

/** One participant's submission through the survey service, with a linkage code or without one. */
export async function submitWithCode(orm: Orm, token: string, linkageCode: string | null): Promise<void> {
  await new SurveyService(orm.em.fork()).submit({
    token,
    clientSubmissionId: randomUUID(),
    answers: ANSWERS,
    language: 'nb',
    consent: true,
    linkageCode,
  });
}

export interface LinkedRounds {
  project: Project;
  researcherSession: string;
  baseline: OpenRound;
  followUp: OpenRound;
}

/** A project with a researcher and two open rounds that pair through linkage codes. */
export async function makeLinkedRounds(orm: Orm): Promise<LinkedRounds> {
  const em = orm.em.fork();
  const project = await makeProject(em, 'Koblingsprosjekt');
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  const researcherSession = await makeSession(em, researcher);
  const baseline = await makeOpenRound(em, project, researcher, { label: 'Baseline' });
  const followUp = await makeOpenRound(em, project, researcher, { label: '12 måneder' });
  await em.nativeUpdate(Round, { id: { $in: [baseline.roundId, followUp.roundId] } }, { linkage: true });
  return { project, researcherSession, baseline, followUp };
}

export type ExportRow = Record<string, string>;

/** A data file downloaded the way a researcher does, its rows by column name. */
export async function downloadRows(
  url: string,
  linked: LinkedRounds,
  file: 'data-wide.csv' | 'data-long.csv',
): Promise<ExportRow[]> {
  const response = await fetch(`${url}/exports/${linked.project.id}/${file}`, {
    headers: { cookie: `verdi_session=${linked.researcherSession}` },
  });
  if (response.status !== 200) throw new Error(`${file}: HTTP ${response.status} ${await response.text()}`);
  return parse(await response.text(), { columns: true });
}
