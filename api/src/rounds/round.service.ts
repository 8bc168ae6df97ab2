import { randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/viewer.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { groupByKey } from '../common/batches.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import { type LocalizedText, RespondentRole } from '../instruments/definition.types.js';
import { easyReadMismatch, languagesOf } from '../instruments/definition.rules.js';
import { Instrument } from '../instruments/instrument.entity.js';
import { InstrumentVersion, VersionStatus } from '../instruments/instrument-version.entity.js';
import { Project } from '../projects/project.entity.js';
import { assertRetentionNotStarted } from '../retention/retention.guard.js';
import { hashCode, newCode } from './codes.js';
import { findPlaceholders } from './placeholders.js';
import { definitionOf } from '../instruments/published-definitions.js';
import { asSeenBy, surveyRoundOf } from '../responses/survey.service.js';
import type { Survey } from '../responses/survey.types.js';
import { Invitation, InvitationKind } from './invitation.entity.js';
import type { CreateCodesInput, CreateRoundInput, UpdateRoundInput } from './round.inputs.js';
import { Round, RoundStatus } from './round.entity.js';
import {
  assertComplete,
  checkLanguages,
  completeRoundLanguages,
  defaultLanguageOf,
  missingInRound,
} from './round.languages.js';

/** The texts participants read, by their path in the round's input. */
function textsOf(round: Round): Record<string, string | null | undefined> {
  return {
    label: round.label,
    'information.nb': round.information.nb,
    'information.nn': round.information.nn,
    'information.en': round.information.en,
    'informationEasyRead.nb': round.informationEasyRead?.nb,
    'informationEasyRead.nn': round.informationEasyRead?.nn,
    'informationEasyRead.en': round.informationEasyRead?.en,
    'consentText.nb': round.consentText?.nb,
    'consentText.nn': round.consentText?.nn,
    'consentText.en': round.consentText?.en,
    contact: round.contact,
    dataController: round.dataController,
  };
}

const TEXT_FIELDS = new Set(['information', 'informationEasyRead', 'consentText']);

function snapshot(round: Round): Record<string, unknown> {
  return {
    label: round.label,
    opensAt: round.opensAt.toISOString(),
    closesAt: round.closesAt?.toISOString() ?? null,
    minGroupSize: round.minGroupSize,
    minGroupSizeText: round.minGroupSizeText,
    information: round.information,
    informationEasyRead: round.informationEasyRead,
    consentText: round.consentText,
    contact: round.contact,
    dataController: round.dataController,
    targetResponses: round.targetResponses,
    languages: round.languages,
    defaultLanguage: round.defaultLanguage,
  };
}

/** An easy-read information as given: its empty languages dropped, and none at all where every one is empty. */
function easyReadOrNull(text: LocalizedText | null | undefined): LocalizedText | null {
  if (!text || languagesOf(text).length === 0) return null;
  return {
    nb: text.nb ?? '',
    ...(text.nn?.trim() ? { nn: text.nn } : {}),
    ...(text.en?.trim() ? { en: text.en } : {}),
  };
}

/** The easy-read information has exactly the information's languages (see `easyReadMismatch`). */
function checkInformationEasyRead(information: LocalizedText, easyRead: LocalizedText | null): void {
  const mismatch = easyReadMismatch(information, easyRead);
  if (!mismatch) return;
  const parts = [
    mismatch.missing.length > 0
      ? `has no text in ${mismatch.missing.join(', ')}, which the information has`
      : '',
    mismatch.extra.length > 0 ? `has text in ${mismatch.extra.join(', ')}, which the information lacks` : '',
  ].filter(Boolean);
  throw ValidationError.forFields({ informationEasyRead: parts.join(' and ') });
}

/** Drops languages left empty, so that an empty English text means "none" rather than a blank page. */
function withoutEmptyLanguages(text: LocalizedText): LocalizedText {
  return {
    nb: text.nb,
    ...(text.nn?.trim() ? { nn: text.nn } : {}),
    ...(text.en?.trim() ? { en: text.en } : {}),
  };
}

export interface RoleCount {
  role: RespondentRole;
  inProgress: number;
  submitted: number;
  codes: number;
  codesUsed: number;
}

/** Submitted against the target, and codes used against codes made, summed over the roles. */
export function responseRateOf(counts: RoleCount[], target: number | null) {
  const sum = (pick: (count: RoleCount) => number) => counts.reduce((total, count) => total + pick(count), 0);
  const submitted = sum((count) => count.submitted);
  const invited = sum((count) => count.codes);
  const invitedSubmitted = sum((count) => count.codesUsed);
  return {
    submitted,
    target,
    ofTarget: target ? submitted / target : null,
    invited,
    invitedSubmitted,
    ofInvited: invited > 0 ? invitedSubmitted / invited : null,
  };
}

/** PostgreSQL prints a uuid in lower case; a batch answers under the ids as the database gives them back. */
const canonical = (id: string): string => id.toLowerCase();
const uuidsOf = (ids: readonly string[]): string[] => [...new Set(ids.filter(isUuid).map(canonical))];

export class RoundService {
  private readonly audit: AuditService;

  constructor(private readonly em: Em) {
    this.audit = new AuditService(em);
  }

  async projectOf(id: string): Promise<string | undefined> {
    if (!isUuid(id)) return undefined;
    const round = await this.em.findOne(Round, { id }, { fields: ['project'] });
    return round?.project.id;
  }

  async list(projectId: string): Promise<Round[]> {
    return (await this.listOfProjects([projectId]))[0]!;
  }

  /** The rounds of each project, oldest first, in the order of the ids given; one query for them all. */
  async listOfProjects(projectIds: readonly string[]): Promise<Round[][]> {
    const ids = uuidsOf(projectIds);
    const rounds =
      ids.length === 0
        ? []
        : await this.em.find(Round, { project: { $in: ids } }, { orderBy: { opensAt: 'asc', id: 'asc' } });
    return groupByKey(projectIds.map(canonical), rounds, (round) => round.project.id);
  }

  async get(id: string): Promise<Round> {
    const round = isUuid(id) ? await this.em.findOne(Round, { id }) : null;
    if (!round) throw new NotFoundError('Round', id);
    return round;
  }

  /** A round to change: refused with RETENTION_DONE once its project's retention run has started. */
  private async writable(id: string): Promise<Round> {
    const round = await this.get(id);
    await assertRetentionNotStarted(this.em, round.project.id);
    return round;
  }

  async create(viewer: Viewer, input: CreateRoundInput): Promise<Round> {
    const project = isUuid(input.projectId) ? await this.em.findOne(Project, { id: input.projectId }) : null;
    if (!project) throw new NotFoundError('Project', input.projectId);
    await assertRetentionNotStarted(this.em, project.id);
    const instrument = isUuid(input.instrumentId)
      ? await this.em.findOne(Instrument, { id: input.instrumentId })
      : null;
    if (!instrument || (instrument.project && instrument.project.id !== project.id)) {
      throw ValidationError.forFields({ instrumentId: 'is not an instrument this project may use' });
    }
    const version = await this.em.findOne(
      InstrumentVersion,
      {
        instrument,
        status: VersionStatus.PUBLISHED,
        ...(input.version != null ? { number: input.version } : {}),
      },
      { orderBy: { number: 'desc' } },
    );
    if (!version) {
      throw ValidationError.forFields({
        [input.version != null ? 'version' : 'instrumentId']:
          input.version != null
            ? `is not a published version of ${instrument.name}`
            : 'has no published version yet',
      });
    }
    this.checkWindow(input.opensAt, input.closesAt ?? null);
    this.checkInformation(input.information);
    if (input.consentText) this.checkConsentText(input.consentText);
    const informationEasyRead = easyReadOrNull(input.informationEasyRead);
    checkInformationEasyRead(input.information, informationEasyRead);
    const round = this.em.create(Round, {
      project,
      instrumentVersion: version,
      label: input.label.trim(),
      opensAt: input.opensAt,
      closesAt: input.closesAt ?? null,
      anonymity: input.anonymity ?? undefined,
      minGroupSize: input.minGroupSize ?? undefined,
      minGroupSizeText: input.minGroupSizeText ?? undefined,
      information: input.information,
      informationEasyRead,
      consentRequired: input.consentRequired ?? undefined,
      linkage: input.linkage ?? undefined,
      resultsAfterClose: input.resultsAfterClose ?? undefined,
      draft: input.draft ?? false,
      consentText: input.consentText ?? null,
      contact: input.contact?.trim() || null,
      dataController: input.dataController?.trim() || null,
      targetResponses: input.targetResponses ?? null,
    });
    round.languages = input.languages
      ? checkLanguages(input.languages)
      : completeRoundLanguages(round, version.definition);
    round.defaultLanguage = defaultLanguageOf(round.languages, input.defaultLanguage);
    if (!round.draft) {
      this.checkNoPlaceholders(round);
      assertComplete(round, version.definition, round.languages);
    }
    this.createOpenLinks(round, version);
    this.audit.record({
      action: AuditAction.ROUND_CREATED,
      actorId: viewer.userId,
      subjectType: 'Round',
      subjectId: round.id,
      projectId: project.id,
      details: {
        label: round.label,
        instrument: instrument.name,
        version: version.number,
        draft: round.draft,
        languages: round.languages,
      },
    });
    await this.em.flush();
    return round;
  }

  private createOpenLinks(round: Round, version: InstrumentVersion): void {
    const rolesAsked = new Set(version.definition.sections.flatMap((s) => s.items.flatMap((i) => i.roles)));
    for (const role of Object.values(RespondentRole).filter((r) => rolesAsked.has(r))) {
      this.em.create(Invitation, {
        round,
        role,
        kind: InvitationKind.OPEN_LINK,
        linkToken: randomBytes(16).toString('base64url'),
      });
    }
  }

  /**
   * Changes a round before or after it opens. An open round may not be given a [placeholder]; every change is
   * audited with what it changed (texts by name only, since they can be long).
   */
  async update(viewer: Viewer, id: string, input: UpdateRoundInput): Promise<Round> {
    const round = await this.writable(id);
    const before = snapshot(round);
    const offeredBefore = [...round.languages];
    const missingBefore = new Set(
      round.languages
        .flatMap((language) => missingInRound(round, language))
        .map((m) => `${m.path}.${m.language}`),
    );
    if (input.label != null) round.label = input.label.trim();
    if (input.opensAt != null) round.opensAt = input.opensAt;
    if (input.closesAt !== undefined) round.closesAt = input.closesAt;
    if (input.minGroupSize != null) round.minGroupSize = input.minGroupSize;
    if (input.minGroupSizeText != null) round.minGroupSizeText = input.minGroupSizeText;
    if (input.information != null) {
      this.checkInformation(input.information);
      round.information = withoutEmptyLanguages(input.information);
    }
    if (input.informationEasyRead !== undefined)
      round.informationEasyRead = easyReadOrNull(input.informationEasyRead);
    if (input.information != null || input.informationEasyRead !== undefined)
      checkInformationEasyRead(round.information, round.informationEasyRead);
    if (input.consentText !== undefined) {
      if (input.consentText) this.checkConsentText(input.consentText);
      round.consentText = input.consentText ? withoutEmptyLanguages(input.consentText) : null;
    }
    if (input.contact !== undefined) round.contact = input.contact?.trim() || null;
    if (input.dataController !== undefined) round.dataController = input.dataController?.trim() || null;
    if (input.targetResponses !== undefined) round.targetResponses = input.targetResponses;
    if (input.languages != null) round.languages = checkLanguages(input.languages);
    if (input.languages != null || input.defaultLanguage != null)
      round.defaultLanguage = defaultLanguageOf(
        round.languages,
        input.defaultLanguage ??
          (round.languages.includes(round.defaultLanguage) ? round.defaultLanguage : null),
      );
    this.checkWindow(round.opensAt, round.closesAt);
    if (!round.draft) {
      this.checkNoPlaceholders(round);
      await this.checkOpenLanguages(round, offeredBefore, missingBefore);
    }
    const after = snapshot(round);
    const changed = Object.keys(after).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    );
    if (changed.length > 0) {
      const shown = (values: Record<string, unknown>) =>
        Object.fromEntries(changed.filter((key) => !TEXT_FIELDS.has(key)).map((key) => [key, values[key]]));
      this.audit.record({
        action: AuditAction.ROUND_UPDATED,
        actorId: viewer.userId,
        subjectType: 'Round',
        subjectId: round.id,
        projectId: round.project.id,
        details: { changed, before: shown(before), after: shown(after), opened: !round.draft },
      });
    }
    await this.em.flush();
    return round;
  }

  /** Opens a round that is being prepared: refused while a [placeholder] remains or its closing time has passed. */
  async open(viewer: Viewer, id: string, now = new Date()): Promise<Round> {
    const round = await this.writable(id);
    if (!round.draft) return round;
    this.checkNoPlaceholders(round);
    assertComplete(round, await definitionOf(this.em, round.instrumentVersion.id), round.languages);
    if (round.closesAt && round.closesAt <= now) {
      throw ValidationError.forFields({
        closesAt: 'has passed; give a later closing time, or none, before opening the round',
      });
    }
    round.draft = false;
    this.audit.record({
      action: AuditAction.ROUND_OPENED,
      actorId: viewer.userId,
      subjectType: 'Round',
      subjectId: round.id,
      projectId: round.project.id,
      details: { opensAt: round.opensAt.toISOString() },
    });
    await this.em.flush();
    return round;
  }

  /**
   * A new round in preparation like the one given: the same instrument version, texts and settings, new open
   * links, no codes and no responses. Its window starts now and has no end, to be set before it opens.
   */
  async copy(viewer: Viewer, id: string, label?: string | null, now = new Date()): Promise<Round> {
    const source = await this.writable(id);
    await this.em.populate(source, ['instrumentVersion']);
    const name = label?.trim() || `${source.label} (kopi)`.slice(0, 200);
    const opensAt = new Date(now);
    opensAt.setSeconds(0, 0);
    const round = this.em.create(Round, {
      project: source.project,
      instrumentVersion: source.instrumentVersion,
      label: name,
      opensAt,
      closesAt: null,
      anonymity: source.anonymity,
      minGroupSize: source.minGroupSize,
      minGroupSizeText: source.minGroupSizeText,
      information: structuredClone(source.information),
      informationEasyRead: source.informationEasyRead ? structuredClone(source.informationEasyRead) : null,
      consentRequired: source.consentRequired,
      linkage: source.linkage,
      resultsAfterClose: source.resultsAfterClose,
      draft: true,
      consentText: source.consentText ? structuredClone(source.consentText) : null,
      contact: source.contact,
      dataController: source.dataController,
      targetResponses: source.targetResponses,
      languages: [...source.languages],
      defaultLanguage: source.defaultLanguage,
    });
    this.createOpenLinks(round, source.instrumentVersion);
    this.audit.record({
      action: AuditAction.ROUND_COPIED,
      actorId: viewer.userId,
      subjectType: 'Round',
      subjectId: round.id,
      projectId: source.project.id,
      details: { from: source.id, label: round.label },
    });
    await this.em.flush();
    return round;
  }

  async close(viewer: Viewer, id: string, now = new Date()): Promise<Round> {
    const round = await this.get(id);
    if (!round.closedAt) {
      round.closedAt = now;
      this.audit.record({
        action: AuditAction.ROUND_CLOSED,
        actorId: viewer.userId,
        subjectType: 'Round',
        subjectId: id,
        projectId: round.project.id,
      });
      await this.em.flush();
    }
    return round;
  }

  /** Reopens a closed round; a closing time that has passed must be moved or removed in the same step. */
  async reopen(
    viewer: Viewer,
    id: string,
    closesAt: Date | null | undefined,
    now = new Date(),
  ): Promise<Round> {
    const round = await this.writable(id);
    if (closesAt !== undefined) round.closesAt = closesAt;
    if (round.closesAt && round.closesAt <= now) {
      throw ValidationError.forFields({
        closesAt: 'has passed; give a later closing time, or none, to reopen the round',
      });
    }
    const wasClosed = round.statusAt(now) === RoundStatus.CLOSED || round.closedAt !== null;
    round.closedAt = null;
    if (wasClosed)
      this.audit.record({
        action: AuditAction.ROUND_REOPENED,
        actorId: viewer.userId,
        subjectType: 'Round',
        subjectId: id,
        projectId: round.project.id,
      });
    await this.em.flush();
    return round;
  }

  /**
   * The round as a participant of `role` gets it through the open link, whatever the round's state: the same
   * sections, wording and scales, and no saved answers. Nothing is read from or written to any response.
   */
  async preview(id: string, role: RespondentRole): Promise<Survey> {
    const round = await this.get(id);
    await this.em.populate(round, ['project']);
    const definition = await definitionOf(this.em, round.instrumentVersion.id);
    const sections = definition.sections
      .map((section) => ({
        key: section.key,
        title: section.title,
        items: section.items.filter((i) => i.roles.includes(role)).map((i) => asSeenBy(i, role)),
      }))
      .filter((section) => section.items.length > 0);
    if (sections.length === 0) throw ValidationError.forFields({ role: 'is asked nothing in this round' });
    return {
      round: surveyRoundOf(round),
      role,
      kind: InvitationKind.OPEN_LINK,
      scales: definition.scales,
      sections,
      savedAnswers: [],
    };
  }

  async openLinks(roundId: string): Promise<Invitation[]> {
    return (await this.openLinksOf([roundId]))[0]!;
  }

  /** The open links of each round, in the order of the ids given; one query for them all. */
  async openLinksOf(roundIds: readonly string[]): Promise<Invitation[][]> {
    const ids = uuidsOf(roundIds);
    const links =
      ids.length === 0
        ? []
        : await this.em.find(
            Invitation,
            { round: { $in: ids }, kind: InvitationKind.OPEN_LINK },
            { orderBy: { role: 'asc', id: 'asc' } },
          );
    return groupByKey(roundIds.map(canonical), links, (link) => link.round.id);
  }

  /** Makes a batch of codes; they are returned this once, as a list and as CSV for printing. Only hashes are kept. */
  async createCodes(viewer: Viewer, input: CreateCodesInput): Promise<{ codes: string[]; csv: string }> {
    const round = await this.writable(input.roundId);
    await this.em.populate(round, ['instrumentVersion']);
    const rolesAsked = new Set(
      round.instrumentVersion.definition.sections.flatMap((s) => s.items.flatMap((i) => i.roles)),
    );
    if (!rolesAsked.has(input.role))
      throw ValidationError.forFields({ role: 'is asked nothing in this round' });
    const codes = new Set<string>();
    while (codes.size < input.count) codes.add(newCode());
    for (const code of codes) {
      this.em.create(Invitation, {
        round,
        role: input.role,
        kind: InvitationKind.CODE,
        codeHash: hashCode(code),
        batch: input.batch?.trim() || null,
      });
    }
    this.audit.record({
      action: AuditAction.CODES_CREATED,
      actorId: viewer.userId,
      subjectType: 'Round',
      subjectId: round.id,
      projectId: round.project.id,
      details: { role: input.role, count: input.count, batch: input.batch ?? null },
    });
    await this.em.flush();
    const list = [...codes];
    const csv = stringify(
      [['round', 'role', 'code'], ...list.map((code) => [round.label, input.role, code])],
      { record_delimiter: '\n' },
    );
    return { codes: list, csv };
  }

  /** Live counts per role, counted in PostgreSQL. */
  async counts(roundId: string): Promise<RoleCount[]> {
    return (await this.countsOf([roundId]))[0]!;
  }

  /**
   * Live counts per role of each round, in the order of the ids given, with a row for every role even where
   * nothing was counted; one query for them all.
   */
  async countsOf(roundIds: readonly string[]): Promise<RoleCount[][]> {
    const ids = uuidsOf(roundIds);
    if (ids.length === 0) return roundIds.map(() => []);
    // The roles are Verdi's own enum values, so they can stand in the SQL text; the rounds' ids are parameters.
    const roles = Object.values(RespondentRole)
      .map((role, position) => `('${role}', ${position})`)
      .join(', ');
    const rows: {
      round_id: string;
      role: RespondentRole;
      in_progress: string;
      submitted: string;
      codes: string;
      codes_used: string;
    }[] = await this.em.getConnection().execute(
      `with w(id) as (values ${ids.map(() => '(?::uuid)').join(', ')}),
         r(role, position) as (values ${roles}),
         s as (
           select round_id, role::text as role,
             count(*) filter (where status = 'IN_PROGRESS' and exists (
               select 1 from answers a where a.response_id = responses.id)) as in_progress,
             count(*) filter (where status = 'SUBMITTED') as submitted
           from responses where round_id in (select id from w) group by round_id, role),
         i as (
           select round_id, role::text as role,
             count(*) as codes,
             count(*) filter (where used_on is not null) as codes_used
           from invitations where round_id in (select id from w) and kind = 'CODE' group by round_id, role)
       select w.id as round_id, r.role,
         coalesce(s.in_progress, 0) as in_progress, coalesce(s.submitted, 0) as submitted,
         coalesce(i.codes, 0) as codes, coalesce(i.codes_used, 0) as codes_used
       from w cross join r
         left join s on s.round_id = w.id and s.role = r.role
         left join i on i.round_id = w.id and i.role = r.role
       order by r.position`,
      ids,
    );
    const counts = rows.map((row) => ({
      roundId: row.round_id,
      count: {
        role: row.role,
        inProgress: Number(row.in_progress),
        submitted: Number(row.submitted),
        codes: Number(row.codes),
        codesUsed: Number(row.codes_used),
      },
    }));
    return groupByKey(roundIds.map(canonical), counts, (row) => row.roundId).map((group) =>
      group.map((row) => row.count),
    );
  }

  private checkWindow(opensAt: Date, closesAt: Date | null): void {
    if (closesAt && closesAt <= opensAt)
      throw ValidationError.forFields({ closesAt: 'must be after the opening time' });
  }

  private checkInformation(information: { nb: string }): void {
    if (!information.nb?.trim()) throw ValidationError.forFields({ 'information.nb': 'must not be blank' });
  }

  private checkConsentText(text: { nb: string }): void {
    if (!text.nb?.trim()) throw ValidationError.forFields({ 'consentText.nb': 'must not be blank' });
  }

  /**
   * The languages of a round that takes answers: none may be dropped (a participant may be answering in it, and
   * their draft would come back in another), a language added must be complete, and a text may not be emptied in a
   * language offered. What was missing before in a language offered stays allowed: rounds made before languages
   * were chosen offer English, falling back to bokmål where a text has none.
   */
  private async checkOpenLanguages(
    round: Round,
    offeredBefore: readonly string[],
    missingBefore: ReadonlySet<string>,
  ): Promise<void> {
    const dropped = offeredBefore.filter((language) => !(round.languages as string[]).includes(language));
    if (dropped.length > 0)
      throw ValidationError.forFields({
        languages: `cannot stop offering ${dropped.join(', ')} while the round takes answers: participants may be answering in ${dropped.length > 1 ? 'them' : 'it'}`,
      });
    const added = round.languages.filter((language) => !offeredBefore.includes(language));
    if (added.length > 0)
      assertComplete(
        round,
        await definitionOf(this.em, round.instrumentVersion.id),
        added,
        'for a round that takes answers',
      );
    const emptied = round.languages
      .flatMap((language) => missingInRound(round, language))
      .filter((m) => !missingBefore.has(`${m.path}.${m.language}`));
    if (emptied.length > 0)
      throw ValidationError.forFields(
        Object.fromEntries(
          emptied.map((m) => [
            `${m.path}.${m.language}`,
            `must not be emptied: the round takes answers and offers ${m.language}`,
          ]),
        ),
      );
  }

  /** Refuses a round that would take answers while a [placeholder] from the default texts remains. */
  private checkNoPlaceholders(round: Round): void {
    const left = findPlaceholders(textsOf(round));
    if (left.length === 0) return;
    const byField = new Map<string, string[]>();
    for (const { field, text } of left) byField.set(field, [...(byField.get(field) ?? []), text]);
    const error = ValidationError.forFields(
      Object.fromEntries(
        [...byField].map(([field, texts]) => [
          field,
          `still holds ${texts.join(', ')}: fill in or remove before the round opens`,
        ]),
      ),
    );
    // The web app words the message in the user's language from this list.
    (error.extensions as Record<string, unknown>)['placeholders'] = left;
    throw error;
  }
}
