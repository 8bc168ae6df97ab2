import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiToken } from '../accounts/api-token.entity.js';
import { Membership } from '../accounts/membership.entity.js';
import { ProjectRole } from '../accounts/project-role.js';
import { hashSecret } from '../accounts/secrets.js';
import { Session } from '../accounts/session.entity.js';
import type { User } from '../accounts/user.entity.js';
import type { Project } from '../projects/project.entity.js';
import { getSchema } from '../schema.js';
import type { Viewer } from './viewer.js';
import { Instrument } from '../instruments/instrument.entity.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { SurveyService } from '../responses/survey.service.js';
import { RoundService } from '../rounds/round.service.js';
import { makeProject, makeSession, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { startSmtpServer, type TestSmtpServer } from '../test/smtp.js';
import { PasswordOnlySession } from '../two-factor/password-only-session.entity.js';
import { codeAt } from '../two-factor/totp.js';
import { TwoFactorService } from '../two-factor/two-factor.service.js';
import { UserTotp } from '../two-factor/user-totp.entity.js';

/**
 * Every query and mutation, run as each kind of caller, with the outcome it must have. Adding an operation
 * to the schema without a row here fails the first test, so no operation ships without a stated rule.
 */
const callers = ['anonymous', 'outsider', 'otherResearcher', 'manager', 'researcher', 'admin'] as const;
type Caller = (typeof callers)[number];
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';

interface World {
  project: Project;
  /** An instrument of `project`, with a draft. */
  instrument: Instrument;
  /** An open round of `project` over a published version of the sample instrument, and its consultant link. */
  round: { id: string; token: string };
  /** A closed round of `project`, released to managers. */
  closedRound: { id: string };
  users: Record<Exclude<Caller, 'anonymous'>, User>;
  /** A user nobody signs in as, for admins to change. */
  bystander: User;
}

interface Case {
  document: string;
  variables?: (world: World, caller: Caller) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Outcome per caller; `otherResearcher` is a researcher in a different project. */
  expect: Record<Caller, Outcome>;
}

const U: Outcome = 'UNAUTHENTICATED';
const F: Outcome = 'FORBIDDEN';
const anyone: Case['expect'] = {
  anonymous: 'ok',
  outsider: 'ok',
  otherResearcher: 'ok',
  manager: 'ok',
  researcher: 'ok',
  admin: 'ok',
};
const signedIn: Case['expect'] = { ...anyone, anonymous: U };
const adminOnly: Case['expect'] = {
  anonymous: U,
  outsider: F,
  otherResearcher: F,
  manager: F,
  researcher: F,
  admin: 'ok',
};
const membersOfProject: Case['expect'] = { ...adminOnly, manager: 'ok', researcher: 'ok' };
const researchersOfProject: Case['expect'] = { ...adminOnly, researcher: 'ok' };
const researchersAnywhere: Case['expect'] = { ...adminOnly, otherResearcher: 'ok', researcher: 'ok' };

let server: TestServer;
let smtp: TestSmtpServer;
let world: World;

const unique = () => randomUUID().slice(0, 8);

async function tokenOf(user: User): Promise<string> {
  const em = server.db.orm.em.fork();
  const token = em.create(ApiToken, {
    user: em.getReference((await import('../accounts/user.entity.js')).User, user.id),
    name: 'til test',
    tokenHash: hashSecret(`secret-${unique()}`),
    prefix: 'verdi_pat_xx',
  });
  await em.flush();
  return token.id;
}

/** A fresh instrument of the project with a valid draft at revision 1, for operations that use it up. */
/** The world's admin as the services see a caller. */
function adminOf(w: World): Viewer {
  return { userId: w.users.admin.id, isAdmin: true, roles: new Map(), via: 'session', credentialId: 'x' };
}

async function freshInstrument(w: World): Promise<string> {
  const em = server.db.orm.em.fork();
  const admin = adminOf(w);
  const instrument = await new InstrumentService(em).create(
    admin,
    { name: 'Skjema', projectId: w.project.id },
    sampleDefinition(),
  );
  return instrument.id;
}

const DEFINITION_INPUT = { scales: [], constructs: [], sections: [] };
const INFORMATION = { nb: 'Frivillig deltakelse.' };
const ANSWERS = [
  { item: 'contact', number: 1 },
  { item: 'hope_1', number: 4 },
];

/** A published instrument and an open round in the project, made through the services as an admin would. */
async function openRound(w: World): Promise<{ id: string; token: string }> {
  const em = server.db.orm.em.fork();
  const admin = adminOf(w);
  const instrumentId = await freshInstrument(w);
  await new InstrumentService(em).publish(admin, instrumentId, 1);
  const round = await new RoundService(em).create(admin, {
    projectId: w.project.id,
    instrumentId,
    label: 'Runde',
    opensAt: new Date(Date.now() - 60_000),
    information: INFORMATION,
  });
  const links = await new RoundService(em).openLinks(round.id);
  return { id: round.id, token: links.find((l) => l.role === 'CONSULTANT')!.linkToken! };
}

async function submittedReceipt(w: World): Promise<string> {
  const receipt = await new SurveyService(server.db.orm.em.fork()).submit({
    token: w.round.token,
    clientSubmissionId: randomUUID(),
    answers: ANSWERS,
    language: 'nb',
    consent: true,
  });
  return receipt.receiptCode;
}

/** A submitted free-text answer in the round, and the response it belongs to. */
async function textAnswer(w: World): Promise<string> {
  await new SurveyService(server.db.orm.em.fork()).submit({
    token: w.round.token,
    clientSubmissionId: randomUUID(),
    answers: [
      ...ANSWERS,
      { item: 'workplace', choices: ['housing'] },
      { item: 'value_text', text: 'Mer håp' },
    ],
    language: 'nb',
    consent: true,
  });
  const [row] = await server.db.orm.em
    .getConnection()
    .execute(`select response_id from answers where item_key = 'value_text' order by response_id limit 1`);
  return String(row!.response_id);
}

/** Starts (again) setting up two-factor sign-in for a user, and returns the code that confirms it now. */
async function startedSetup(user: User): Promise<string> {
  const em = server.db.orm.em.fork();
  await em.nativeDelete(UserTotp, { user: user.id });
  const viewer: Viewer = {
    userId: user.id,
    isAdmin: false,
    roles: new Map(),
    via: 'session',
    credentialId: 'x',
  };
  const { secret } = await new TwoFactorService(em).startSetup(viewer, TEST_PASSWORD);
  return codeAt(secret, new Date());
}

/**
 * A user with two-factor sign-in on, and a code it has not used yet. Turned on in the table rather than through
 * `confirmSetup`, which would sign out the session the case is about to use.
 */
async function freshCode(user: User): Promise<string> {
  const code = await startedSetup(user);
  await server.db.orm.em
    .fork()
    .nativeUpdate(UserTotp, { user: user.id }, { confirmedAt: new Date(), lastUsedStep: null });
  return code;
}

const operations: Record<string, Case> = {
  'Query.responses': {
    document: 'query ($w: UUID!) { responses(roundId: $w) { totalCount } }',
    variables: (w) => ({ w: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.setProjectRetention': {
    document:
      'mutation ($p: UUID!, $input: SetProjectRetentionInput!) { setProjectRetention(projectId: $p, input: $input) { id } }',
    variables: (w) => ({
      p: w.project.id,
      input: { endsOn: '2099-12-31', action: 'ANONYMISE', reference: 'REK 2025/12345' },
    }),
    expect: researchersOfProject,
  },
  'Query.retentionReceipt': {
    document: 'query ($p: UUID!) { retentionReceipt(projectId: $p, language: EN) { digest } }',
    variables: (w) => ({ p: w.project.id }),
    expect: researchersOfProject,
  },
  'Query.retentionSchedule': {
    document: '{ retentionSchedule { projectId state } }',
    expect: adminOnly,
  },
  'Query.freeTextAnswers': {
    document: 'query ($w: UUID!) { freeTextAnswers(roundId: $w) { text } }',
    variables: (w) => ({ w: w.round.id }),
    expect: researchersOfProject,
  },
  'Query.freeTextQuestions': {
    document: 'query ($w: UUID!) { freeTextQuestions(roundId: $w) { item } }',
    variables: (w) => ({ w: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.setTextTags': {
    document: 'mutation ($input: SetTextTagsInput!) { setTextTags(input: $input) }',
    variables: async (w) => ({
      input: { responseId: await textAnswer(w), item: 'value_text', tags: ['håp'] },
    }),
    expect: researchersOfProject,
  },
  'Query.constructScores': {
    document: 'query ($p: [UUID!]!) { constructScores(projectIds: $p) { n } }',
    variables: (w) => ({ p: [w.project.id] }),
    expect: membersOfProject,
  },
  'Query.itemDistributions': {
    document: 'query ($p: [UUID!]!) { itemDistributions(projectIds: $p) { n } }',
    variables: (w) => ({ p: [w.project.id] }),
    expect: membersOfProject,
  },
  'Query.constructScoreTable': {
    document: 'query ($p: [UUID!]!) { constructScoreTable(projectIds: $p) { cells } }',
    variables: (w) => ({ p: [w.project.id] }),
    expect: membersOfProject,
  },
  'Query.itemDistributionTable': {
    document: 'query ($p: [UUID!]!) { itemDistributionTable(projectIds: $p) { cells } }',
    variables: (w) => ({ p: [w.project.id] }),
    expect: membersOfProject,
  },
  'Query.roundChange': {
    document:
      'query ($p: UUID!, $a: UUID!, $b: UUID!) { roundChange(projectId: $p, fromRoundId: $a, toRoundId: $b, construct: "hope") { kind } }',
    variables: (w) => ({ p: w.project.id, a: w.closedRound.id, b: w.round.id }),
    expect: membersOfProject,
  },
  'Query.reliability': {
    document: 'query ($p: UUID!, $w: UUID!) { reliability(projectId: $p, roundId: $w) { alpha } }',
    variables: (w) => ({ p: w.project.id, w: w.round.id }),
    expect: membersOfProject,
  },
  'Query.roundMissingness': {
    document: 'query ($w: UUID!) { roundMissingness(roundId: $w) { responses { submitted } } }',
    variables: (w) => ({ w: w.round.id }),
    expect: researchersOfProject,
  },
  'Query.roundAssistance': {
    document: 'query ($w: UUID!) { roundAssistance(roundId: $w) { submitted } }',
    variables: (w) => ({ w: w.round.id }),
    expect: researchersOfProject,
  },
  'Query.roundResponseRates': {
    document: 'query ($p: UUID!) { roundResponseRates(projectId: $p) { suppressed } }',
    variables: (w) => ({ p: w.project.id }),
    expect: membersOfProject,
  },
  'Query.programmeFunnel': {
    document: 'query ($p: [UUID!]!) { programmeFunnel(projectIds: $p) { cohort } }',
    variables: (w) => ({ p: [w.project.id] }),
    expect: membersOfProject,
  },
  'Query.programmeCohorts': {
    document: 'query ($p: UUID!) { programmeCohorts(projectId: $p) { cohort } }',
    variables: (w) => ({ p: w.project.id }),
    expect: membersOfProject,
  },
  'Query.rounds': {
    document: 'query ($id: UUID!) { rounds(projectId: $id) { id status } }',
    variables: (w) => ({ id: w.project.id }),
    expect: membersOfProject,
  },
  'Query.round': {
    document: 'query ($id: UUID!) { round(id: $id) { id label } }',
    variables: (w) => ({ id: w.round.id }),
    expect: membersOfProject,
  },
  'Mutation.createRound': {
    document: 'mutation ($input: CreateRoundInput!) { createRound(input: $input) { id } }',
    variables: async (w) => {
      const em = server.db.orm.em.fork();
      const admin = adminOf(w);
      const instrumentId = await freshInstrument(w);
      await new InstrumentService(em).publish(admin, instrumentId, 1);
      return {
        input: {
          projectId: w.project.id,
          instrumentId,
          label: 'Ny runde',
          opensAt: new Date().toISOString(),
          information: INFORMATION,
        },
      };
    },
    expect: researchersOfProject,
  },
  'Mutation.updateRound': {
    document: 'mutation ($id: UUID!) { updateRound(id: $id, input: { label: "Nytt navn" }) { id } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Query.roundPreview': {
    document: 'query ($id: UUID!) { roundPreview(id: $id, role: CONSULTANT) { role } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.openRound': {
    document: 'mutation ($id: UUID!) { openRound(id: $id) { id } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.copyRound': {
    document: 'mutation ($id: UUID!) { copyRound(id: $id) { id } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.closeRound': {
    document: 'mutation ($id: UUID!) { closeRound(id: $id) { id } }',
    variables: async (w) => ({ id: (await openRound(w)).id }),
    expect: researchersOfProject,
  },
  'Mutation.reopenRound': {
    document: 'mutation ($id: UUID!) { reopenRound(id: $id) { id } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.createInvitationCodes': {
    document:
      'mutation ($id: UUID!) { createInvitationCodes(input: { roundId: $id, role: CONSULTANT, count: 2 }) { codes } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Query.roundInvitations': {
    document: 'query ($id: UUID!) { roundInvitations(roundId: $id) { counts { invited } } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.addInvitees': {
    document:
      'mutation ($id: UUID!, $input: AddInviteesInput!) { addInvitees(roundId: $id, input: $input) { added } }',
    variables: (w) => ({
      id: w.round.id,
      input: { text: `person-${unique()}@example.org`, defaultRole: 'CONSULTANT' },
    }),
    expect: researchersOfProject,
  },
  'Mutation.removeInvitees': {
    document: 'mutation ($id: UUID!, $ids: [UUID!]!) { removeInvitees(roundId: $id, ids: $ids) }',
    variables: (w) => ({ id: w.round.id, ids: [randomUUID()] }),
    expect: researchersOfProject,
  },
  'Mutation.updateInvitationSettings': {
    document:
      'mutation ($id: UUID!) { updateInvitationSettings(roundId: $id, input: { reminderDays: [5, 10] }) { settings { reminderDays } } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Query.mailSetup': { document: '{ mailSetup { configured from } }', expect: signedIn },
  'Query.invitationPreview': {
    document:
      'query ($id: UUID!) { invitationPreview(roundId: $id, kind: INVITATION, language: "nb") { subject } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.sendInvitations': {
    document: 'mutation ($id: UUID!) { sendInvitations(roundId: $id) { counts { queued } } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.sendRemindersNow': {
    document: 'mutation ($id: UUID!) { sendRemindersNow(roundId: $id) { counts { reminders } } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Mutation.optOutOfReminders': {
    document: 'mutation ($token: String!) { optOutOfReminders(token: $token) }',
    variables: () => ({ token: `out.${unique()}` }),
    expect: anyone,
  },
  'Query.survey': {
    document: 'query ($token: String!) { survey(token: $token) { role } }',
    variables: (w) => ({ token: w.round.token }),
    expect: anyone,
  },
  'Mutation.saveSurveyDraft': {
    document: 'mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { savedOn } }',
    variables: (w) => ({ input: { token: w.round.token, answers: ANSWERS, language: 'nb', consent: true } }),
    expect: anyone,
  },
  'Mutation.submitSurveyResponse': {
    document: 'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }',
    variables: (w) => ({
      input: {
        token: w.round.token,
        clientSubmissionId: randomUUID(),
        answers: ANSWERS,
        language: 'nb',
        consent: true,
      },
    }),
    expect: anyone,
  },
  'Mutation.withdrawSurveyResponse': {
    document: 'mutation ($code: String!) { withdrawSurveyResponse(receiptCode: $code) { withdrawnOn } }',
    variables: async (w) => ({ code: await submittedReceipt(w) }),
    expect: anyone,
  },
  'Query.instruments': { document: '{ instruments { id } }', expect: researchersAnywhere },
  'Query.instrument': {
    document: 'query ($id: UUID!) { instrument(id: $id) { id draft { revision } } }',
    variables: (w) => ({ id: w.instrument.id }),
    expect: researchersOfProject,
  },
  'Query.exportInstrument': {
    document: 'query ($id: UUID!) { exportInstrument(id: $id, format: VERDI_JSON) }',
    variables: (w) => ({ id: w.instrument.id }),
    expect: researchersOfProject,
  },
  'Mutation.createInstrument': {
    document: 'mutation ($input: CreateInstrumentInput!) { createInstrument(input: $input) { id } }',
    variables: (w) => ({ input: { name: 'Nytt skjema', projectId: w.project.id } }),
    expect: researchersOfProject,
  },
  'Mutation.importInstrument': {
    document:
      'mutation ($input: ImportInstrumentInput!) { importInstrument(input: $input) { instrument { id } } }',
    variables: (w) => ({
      input: {
        format: 'VERDI_JSON',
        projectId: w.project.id,
        content: JSON.stringify({
          format: 'verdi-instrument',
          formatVersion: 1,
          name: 'Importert',
          ...DEFINITION_INPUT,
        }),
      },
    }),
    expect: researchersOfProject,
  },
  'Mutation.updateInstrument': {
    document: 'mutation ($id: UUID!) { updateInstrument(id: $id, input: { description: "Ny" }) { id } }',
    variables: (w) => ({ id: w.instrument.id }),
    expect: researchersOfProject,
  },
  'Mutation.saveInstrumentDraft': {
    document:
      'mutation ($id: UUID!, $d: InstrumentDefinitionInput!) { saveInstrumentDraft(id: $id, definition: $d, baseRevision: 1) { id } }',
    variables: async (w) => ({ id: await freshInstrument(w), d: DEFINITION_INPUT }),
    expect: researchersOfProject,
  },
  'Mutation.startInstrumentDraft': {
    document: 'mutation ($id: UUID!) { startInstrumentDraft(id: $id) { id } }',
    variables: (w) => ({ id: w.instrument.id }),
    expect: researchersOfProject,
  },
  'Mutation.publishInstrument': {
    document: 'mutation ($id: UUID!) { publishInstrument(id: $id, revision: 1) { status } }',
    variables: async (w) => ({ id: await freshInstrument(w) }),
    expect: researchersOfProject,
  },
  'Mutation.discardInstrumentDraft': {
    document: 'mutation ($id: UUID!) { discardInstrumentDraft(id: $id) { id } }',
    variables: async (w) => ({ id: await freshInstrument(w) }),
    expect: researchersOfProject,
  },
  'Query.me': { document: '{ me { id } }', expect: anyone },
  'Query.users': { document: '{ users { id email } }', expect: adminOnly },
  'Query.user': {
    document: 'query ($id: UUID!) { user(id: $id) { id } }',
    variables: (w) => ({ id: w.bystander.id }),
    expect: adminOnly,
  },
  'Query.apiTokens': { document: '{ apiTokens { id } }', expect: signedIn },
  'Query.auditEvents': { document: '{ auditEvents { total } }', expect: adminOnly },
  'Query.projects': { document: '{ projects { id } }', expect: signedIn },
  'Query.project': {
    document: 'query ($id: UUID!) { project(id: $id) { id } }',
    variables: (w) => ({ id: w.project.id }),
    expect: membersOfProject,
  },
  'Mutation.signIn': {
    document: 'mutation ($input: SignInInput!) { signIn(input: $input) { user { id } } }',
    variables: (w) => ({ input: { email: w.bystander.email, password: TEST_PASSWORD } }),
    expect: anyone,
  },
  'Mutation.signOut': { document: 'mutation { signOut }', expect: signedIn },
  'Mutation.changePassword': {
    document: 'mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }',
    variables: () => ({ input: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } }),
    expect: signedIn,
  },
  'Mutation.updateMe': {
    document: 'mutation { updateMe(input: { language: EN }) { id } }',
    expect: signedIn,
  },
  'Mutation.createUser': {
    document: 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
    variables: () => ({
      input: { email: `ny-${unique()}@example.test`, name: 'Ny bruker', password: TEST_PASSWORD },
    }),
    expect: adminOnly,
  },
  'Mutation.updateUser': {
    document: 'mutation ($id: UUID!) { updateUser(id: $id, input: { name: "Endret navn" }) { id } }',
    variables: (w) => ({ id: w.bystander.id }),
    expect: adminOnly,
  },
  'Mutation.approveUser': {
    document: 'mutation ($id: UUID!) { approveUser(id: $id) { id pendingApproval } }',
    variables: (w) => ({ id: w.bystander.id }),
    expect: adminOnly,
  },
  'Query.signInProviders': { document: '{ signInProviders { id name } }', expect: anyone },
  'Mutation.setMembership': {
    document: 'mutation ($input: SetMembershipInput!) { setMembership(input: $input) { id } }',
    variables: (w) => ({ input: { userId: w.bystander.id, projectId: w.project.id, role: 'MANAGER' } }),
    expect: adminOnly,
  },
  'Mutation.removeMembership': {
    document:
      'mutation ($userId: UUID!, $projectId: UUID!) { removeMembership(userId: $userId, projectId: $projectId) }',
    variables: async (w) => {
      const em = server.db.orm.em.fork();
      const user = await makeUser(em, { roles: [[w.project, ProjectRole.MANAGER]] });
      return { userId: user.id, projectId: w.project.id };
    },
    expect: adminOnly,
  },
  'Mutation.createApiToken': {
    document: 'mutation { createApiToken(input: { name: "R-skript" }) { secret } }',
    expect: researchersAnywhere,
  },
  'Mutation.revokeApiToken': {
    document: 'mutation ($id: UUID!) { revokeApiToken(id: $id) { id } }',
    variables: async (w, caller) => ({
      id: await tokenOf(caller === 'anonymous' ? w.bystander : w.users[caller]),
    }),
    expect: signedIn,
  },
  'Mutation.completeSignIn': {
    // Public; without a pending sign-in in this browser there is nothing to complete, for anyone. The second step
    // itself is tested in two-factor.test.ts.
    document: 'mutation { completeSignIn(input: { code: "123456" }) { secondFactorRequired } }',
    expect: { anonymous: U, outsider: U, otherResearcher: U, manager: U, researcher: U, admin: U },
  },
  'Mutation.startTwoFactorSetup': {
    document: `mutation { startTwoFactorSetup(input: { password: "${TEST_PASSWORD}" }) { secret } }`,
    expect: signedIn,
  },
  'Mutation.confirmTwoFactorSetup': {
    document: 'mutation ($code: String!) { confirmTwoFactorSetup(input: { code: $code }) { codes } }',
    variables: async (w, caller) => ({
      code: caller === 'anonymous' ? '123456' : await startedSetup(w.users[caller]),
    }),
    expect: signedIn,
  },
  'Mutation.regenerateRecoveryCodes': {
    document: 'mutation ($code: String!) { regenerateRecoveryCodes(input: { code: $code }) { codes } }',
    variables: async (w, caller) => ({
      code: caller === 'anonymous' ? '123456' : await freshCode(w.users[caller]),
    }),
    expect: signedIn,
  },
  'Mutation.turnOffTwoFactor': {
    document:
      'mutation ($p: String!, $code: String!) { turnOffTwoFactor(input: { password: $p, code: $code }) }',
    variables: async (w, caller) => ({
      p: TEST_PASSWORD,
      code: caller === 'anonymous' ? '123456' : await freshCode(w.users[caller]),
    }),
    // Admins must keep it in this file's server (VERDI_ADMIN_TWO_FACTOR=required).
    expect: { ...signedIn, admin: F },
  },
  'Mutation.resetTwoFactor': {
    document: 'mutation ($id: UUID!) { resetTwoFactor(userId: $id) { id } }',
    variables: async () => {
      const em = server.db.orm.em.fork();
      const user = await makeUser(em);
      await freshCode(user);
      return { id: user.id };
    },
    expect: adminOnly,
  },
  'Mutation.createProject': {
    document: 'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }',
    variables: () => ({ input: { name: `Prosjekt ${unique()}`, organisation: 'Testkommune' } }),
    expect: adminOnly,
  },
  'Mutation.updateProject': {
    document: 'mutation ($id: UUID!) { updateProject(id: $id, input: { description: "Ny tekst" }) { id } }',
    variables: (w) => ({ id: w.project.id }),
    expect: researchersOfProject,
  },
};

/** Fields that carry more than their parent does, with their own rule. */
const sensitiveFields: Record<string, Case> = {
  'Round.openLinks': {
    document: 'query ($id: UUID!) { round(id: $id) { openLinks { path } } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Round.responseRate': {
    document: 'query ($id: UUID!) { round(id: $id) { responseRate { submitted } } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Round.counts': {
    document: 'query ($id: UUID!) { round(id: $id) { counts { submitted } } }',
    variables: (w) => ({ id: w.round.id }),
    expect: researchersOfProject,
  },
  'Round.release': {
    document: 'query ($id: UUID!) { round(id: $id) { release { version releasedAt minGroupSize } } }',
    variables: (w) => ({ id: w.closedRound.id }),
    expect: membersOfProject,
  },
  'RoundRelease.held': {
    document: 'query ($id: UUID!) { round(id: $id) { release { held { added removed } } } }',
    variables: (w) => ({ id: w.closedRound.id }),
    expect: researchersOfProject,
  },
  'Project.rounds': {
    document: 'query ($id: UUID!) { project(id: $id) { rounds { id status } } }',
    variables: (w) => ({ id: w.project.id }),
    expect: membersOfProject,
  },
  'Project.retention': {
    document: 'query ($id: UUID!) { project(id: $id) { retention { endsOn state } } }',
    variables: (w) => ({ id: w.project.id }),
    expect: membersOfProject,
  },
  'Project.memberships': {
    document: 'query ($id: UUID!) { project(id: $id) { memberships { role } } }',
    variables: (w) => ({ id: w.project.id }),
    expect: researchersOfProject,
  },
  'User.pendingApproval of someone else': {
    document: 'query ($id: UUID!) { project(id: $id) { memberships { user { pendingApproval } } } }',
    variables: (w) => ({ id: w.project.id }),
    expect: adminOnly,
  },
  'User.linkedProviders of someone else': {
    document: 'query ($id: UUID!) { project(id: $id) { memberships { user { linkedProviders } } } }',
    variables: (w) => ({ id: w.project.id }),
    expect: adminOnly,
  },
  'User.email of someone else': {
    document: 'query ($id: UUID!) { project(id: $id) { memberships { user { email } } } }',
    variables: (w) => ({ id: w.project.id }),
    expect: adminOnly,
  },
};

beforeAll(async () => {
  // Admins must use two-factor sign-in here, so that the last test can check what a session without it may do;
  // the callers above sign in with sessions that count as having passed it.
  // A mail server, so that the invitation operations get past their rule to a plain answer.
  smtp = await startSmtpServer();
  server = await startTestServer({
    twoFactor: { adminTwoFactor: 'required' },
    mail: { smtpUrl: smtp.url, from: 'Verdi <verdi@example.org>' },
    publicUrl: 'https://verdi.example.org',
  });
  const em = server.db.orm.em.fork();
  const project = await makeProject(em);
  const otherProject = await makeProject(em);
  const adminUser = await makeUser(em, { isAdmin: true });
  const instrumentWorld = { users: { admin: adminUser }, project } as unknown as World;
  const partial = { ...instrumentWorld, users: { admin: adminUser } } as unknown as World;
  const closed = await openRound(partial);
  await new RoundService(em).close(adminOf(partial), closed.id);
  world = {
    round: await openRound(partial),
    closedRound: { id: closed.id },
    instrument: await em.fork().findOneOrFail(Instrument, { id: await freshInstrument(instrumentWorld) }),
    project,
    bystander: await makeUser(em),
    users: {
      outsider: await makeUser(em),
      otherResearcher: await makeUser(em, { roles: [[otherProject, ProjectRole.RESEARCHER]] }),
      manager: await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] }),
      researcher: await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] }),
      admin: adminUser,
    },
  };
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

async function outcomeOf(
  testCase: Case,
  caller: Caller,
): Promise<{ outcome: Outcome | string; detail: string }> {
  const em = server.db.orm.em.fork();
  // A fresh session for every call, so that signOut in one case cannot change the next.
  const client =
    caller === 'anonymous'
      ? server.client()
      : server.client({ session: await makeSession(em, world.users[caller]) });
  const variables = testCase.variables ? await testCase.variables(world, caller) : undefined;
  const result = await client.graphql(testCase.document, variables);
  const errors = result.body.errors ?? [];
  if (errors.length === 0) return { outcome: 'ok', detail: '' };
  const code = String(errors[0]!.extensions?.code);
  return { outcome: code, detail: errors.map((e) => e.message).join('; ') };
}

describe('authorization', () => {
  it('has a rule in this table for every query and mutation in the schema', async () => {
    const schema = await getSchema();
    const inSchema = [schema.getQueryType()!, schema.getMutationType()!]
      .flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`))
      .sort();
    expect(Object.keys(operations).sort()).toEqual(inSchema);
  });

  for (const [name, testCase] of Object.entries({ ...operations, ...sensitiveFields })) {
    it.each(callers)(`${name} as %s`, async (caller) => {
      const { outcome, detail } = await outcomeOf(testCase, caller);
      expect(outcome, detail).toBe(testCase.expect[caller]);
    });
  }

  /**
   * An admin who signed in with a password alone while admins must use two-factor sign-in: public operations, the
   * setup and sign-out, and nothing else.
   */
  const setupOnlyAllowed = new Set([
    'Mutation.signOut',
    'Mutation.startTwoFactorSetup',
    'Mutation.confirmTwoFactorSetup',
  ]);
  for (const [name, testCase] of Object.entries({ ...operations, ...sensitiveFields })) {
    const expected = setupOnlyAllowed.has(name)
      ? 'ok'
      : name === 'Mutation.completeSignIn'
        ? U
        : testCase.expect.anonymous === U
          ? F
          : testCase.expect.anonymous;
    it(`${name} as an admin who must still set up two-factor sign-in: ${expected}`, async () => {
      const em = server.db.orm.em.fork();
      const admin = await makeUser(em, { isAdmin: true });
      const session = await makeSession(em, admin);
      em.create(PasswordOnlySession, { session: em.getReference(Session, hashSecret(session)) });
      await em.flush();
      const world$ = { ...world, users: { ...world.users, admin } };
      const variables = testCase.variables ? await testCase.variables(world$, 'admin') : undefined;
      const result = await server.client({ session }).graphql(testCase.document, variables);
      const outcome = result.body.errors ? String(result.body.errors[0]!.extensions?.code) : 'ok';
      expect(outcome, result.body.errors?.map((e) => e.message).join('; ')).toBe(expected);
    });
  }

  it('never lets a member of one project see another project in the list', async () => {
    const em = server.db.orm.em.fork();
    const session = await makeSession(em, world.users.otherResearcher);
    const result = await server
      .client({ session })
      .graphql<{ projects: { id: string }[] }>('{ projects { id } }');
    expect(result.body.data!.projects.map((p) => p.id)).not.toContain(world.project.id);
  });

  it('counts a removed membership at once: the next request is forbidden', async () => {
    const em = server.db.orm.em.fork();
    const user = await makeUser(em, { roles: [[world.project, ProjectRole.RESEARCHER]] });
    const client = server.client({ session: await makeSession(em, user) });
    const query = 'query ($id: UUID!) { project(id: $id) { id } }';
    expect((await client.graphql(query, { id: world.project.id })).body.errors).toBeUndefined();
    await em.nativeDelete(Membership, { user: user.id });
    const after = await client.graphql(query, { id: world.project.id });
    expect(after.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
