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
import { Instrument } from '../instruments/instrument.entity.js';
import { InstrumentVersion, VersionStatus } from '../instruments/instrument-version.entity.js';
import { Project } from '../projects/project.entity.js';
import { hashCode, newCode } from './codes.js';
import { findPlaceholders } from './placeholders.js';
import { definitionOf } from '../instruments/published-definitions.js';
import { asSeenBy, surveyRoundOf } from '../responses/survey.service.js';
import type { Survey } from '../responses/survey.types.js';
import { Invitation, InvitationKind } from './invitation.entity.js';
import type { CreateCodesInput, CreateWaveInput, UpdateWaveInput } from './wave.inputs.js';
import { Wave, WaveStatus } from './wave.entity.js';

/** The texts participants read, by their path in the round's input. */
function textsOf(wave: Wave): Record<string, string | null | undefined> {
  return {
    label: wave.label,
    'information.nb': wave.information.nb,
    'information.nn': wave.information.nn,
    'information.en': wave.information.en,
    'consentText.nb': wave.consentText?.nb,
    'consentText.nn': wave.consentText?.nn,
    'consentText.en': wave.consentText?.en,
    contact: wave.contact,
    dataController: wave.dataController,
  };
}

const TEXT_FIELDS = new Set(['information', 'consentText']);

function snapshot(wave: Wave): Record<string, unknown> {
  return {
    label: wave.label,
    opensAt: wave.opensAt.toISOString(),
    closesAt: wave.closesAt?.toISOString() ?? null,
    minGroupSize: wave.minGroupSize,
    minGroupSizeText: wave.minGroupSizeText,
    information: wave.information,
    consentText: wave.consentText,
    contact: wave.contact,
    dataController: wave.dataController,
    targetResponses: wave.targetResponses,
  };
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

export class WaveService {
  private readonly audit: AuditService;

  constructor(private readonly em: Em) {
    this.audit = new AuditService(em);
  }

  async projectOf(id: string): Promise<string | undefined> {
    if (!isUuid(id)) return undefined;
    const wave = await this.em.findOne(Wave, { id }, { fields: ['project'] });
    return wave?.project.id;
  }

  async list(projectId: string): Promise<Wave[]> {
    return (await this.listOfProjects([projectId]))[0]!;
  }

  /** The rounds of each project, oldest first, in the order of the ids given; one query for them all. */
  async listOfProjects(projectIds: readonly string[]): Promise<Wave[][]> {
    const ids = uuidsOf(projectIds);
    const waves =
      ids.length === 0
        ? []
        : await this.em.find(Wave, { project: { $in: ids } }, { orderBy: { opensAt: 'asc', id: 'asc' } });
    return groupByKey(projectIds.map(canonical), waves, (wave) => wave.project.id);
  }

  async get(id: string): Promise<Wave> {
    const wave = isUuid(id) ? await this.em.findOne(Wave, { id }) : null;
    if (!wave) throw new NotFoundError('Round', id);
    return wave;
  }

  async create(viewer: Viewer, input: CreateWaveInput): Promise<Wave> {
    const project = isUuid(input.projectId) ? await this.em.findOne(Project, { id: input.projectId }) : null;
    if (!project) throw new NotFoundError('Project', input.projectId);
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
    const wave = this.em.create(Wave, {
      project,
      instrumentVersion: version,
      label: input.label.trim(),
      opensAt: input.opensAt,
      closesAt: input.closesAt ?? null,
      anonymity: input.anonymity ?? undefined,
      minGroupSize: input.minGroupSize ?? undefined,
      minGroupSizeText: input.minGroupSizeText ?? undefined,
      information: input.information,
      consentRequired: input.consentRequired ?? undefined,
      linkage: input.linkage ?? undefined,
      resultsAfterClose: input.resultsAfterClose ?? undefined,
      draft: input.draft ?? false,
      consentText: input.consentText ?? null,
      contact: input.contact?.trim() || null,
      dataController: input.dataController?.trim() || null,
      targetResponses: input.targetResponses ?? null,
    });
    if (!wave.draft) this.checkNoPlaceholders(wave);
    this.createOpenLinks(wave, version);
    this.audit.record({
      action: AuditAction.WAVE_CREATED,
      actorId: viewer.userId,
      subjectType: 'Wave',
      subjectId: wave.id,
      projectId: project.id,
      details: { label: wave.label, instrument: instrument.name, version: version.number, draft: wave.draft },
    });
    await this.em.flush();
    return wave;
  }

  private createOpenLinks(wave: Wave, version: InstrumentVersion): void {
    const rolesAsked = new Set(version.definition.sections.flatMap((s) => s.items.flatMap((i) => i.roles)));
    for (const role of Object.values(RespondentRole).filter((r) => rolesAsked.has(r))) {
      this.em.create(Invitation, {
        wave,
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
  async update(viewer: Viewer, id: string, input: UpdateWaveInput): Promise<Wave> {
    const wave = await this.get(id);
    const before = snapshot(wave);
    if (input.label != null) wave.label = input.label.trim();
    if (input.opensAt != null) wave.opensAt = input.opensAt;
    if (input.closesAt !== undefined) wave.closesAt = input.closesAt;
    if (input.minGroupSize != null) wave.minGroupSize = input.minGroupSize;
    if (input.minGroupSizeText != null) wave.minGroupSizeText = input.minGroupSizeText;
    if (input.information != null) {
      this.checkInformation(input.information);
      wave.information = withoutEmptyLanguages(input.information);
    }
    if (input.consentText !== undefined) {
      if (input.consentText) this.checkConsentText(input.consentText);
      wave.consentText = input.consentText ? withoutEmptyLanguages(input.consentText) : null;
    }
    if (input.contact !== undefined) wave.contact = input.contact?.trim() || null;
    if (input.dataController !== undefined) wave.dataController = input.dataController?.trim() || null;
    if (input.targetResponses !== undefined) wave.targetResponses = input.targetResponses;
    this.checkWindow(wave.opensAt, wave.closesAt);
    if (!wave.draft) this.checkNoPlaceholders(wave);
    const after = snapshot(wave);
    const changed = Object.keys(after).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    );
    if (changed.length > 0) {
      const shown = (values: Record<string, unknown>) =>
        Object.fromEntries(changed.filter((key) => !TEXT_FIELDS.has(key)).map((key) => [key, values[key]]));
      this.audit.record({
        action: AuditAction.WAVE_UPDATED,
        actorId: viewer.userId,
        subjectType: 'Wave',
        subjectId: wave.id,
        projectId: wave.project.id,
        details: { changed, before: shown(before), after: shown(after), opened: !wave.draft },
      });
    }
    await this.em.flush();
    return wave;
  }

  /** Opens a round that is being prepared: refused while a [placeholder] remains or its closing time has passed. */
  async open(viewer: Viewer, id: string, now = new Date()): Promise<Wave> {
    const wave = await this.get(id);
    if (!wave.draft) return wave;
    this.checkNoPlaceholders(wave);
    if (wave.closesAt && wave.closesAt <= now) {
      throw ValidationError.forFields({
        closesAt: 'has passed; give a later closing time, or none, before opening the round',
      });
    }
    wave.draft = false;
    this.audit.record({
      action: AuditAction.WAVE_OPENED,
      actorId: viewer.userId,
      subjectType: 'Wave',
      subjectId: wave.id,
      projectId: wave.project.id,
      details: { opensAt: wave.opensAt.toISOString() },
    });
    await this.em.flush();
    return wave;
  }

  /**
   * A new round in preparation like the one given: the same instrument version, texts and settings, new open
   * links, no codes and no responses. Its window starts now and has no end, to be set before it opens.
   */
  async copy(viewer: Viewer, id: string, label?: string | null, now = new Date()): Promise<Wave> {
    const source = await this.get(id);
    await this.em.populate(source, ['instrumentVersion']);
    const name = label?.trim() || `${source.label} (kopi)`.slice(0, 200);
    const opensAt = new Date(now);
    opensAt.setSeconds(0, 0);
    const wave = this.em.create(Wave, {
      project: source.project,
      instrumentVersion: source.instrumentVersion,
      label: name,
      opensAt,
      closesAt: null,
      anonymity: source.anonymity,
      minGroupSize: source.minGroupSize,
      minGroupSizeText: source.minGroupSizeText,
      information: structuredClone(source.information),
      consentRequired: source.consentRequired,
      linkage: source.linkage,
      resultsAfterClose: source.resultsAfterClose,
      draft: true,
      consentText: source.consentText ? structuredClone(source.consentText) : null,
      contact: source.contact,
      dataController: source.dataController,
      targetResponses: source.targetResponses,
    });
    this.createOpenLinks(wave, source.instrumentVersion);
    this.audit.record({
      action: AuditAction.WAVE_COPIED,
      actorId: viewer.userId,
      subjectType: 'Wave',
      subjectId: wave.id,
      projectId: source.project.id,
      details: { from: source.id, label: wave.label },
    });
    await this.em.flush();
    return wave;
  }

  async close(viewer: Viewer, id: string, now = new Date()): Promise<Wave> {
    const wave = await this.get(id);
    if (!wave.closedAt) {
      wave.closedAt = now;
      this.audit.record({
        action: AuditAction.WAVE_CLOSED,
        actorId: viewer.userId,
        subjectType: 'Wave',
        subjectId: id,
        projectId: wave.project.id,
      });
      await this.em.flush();
    }
    return wave;
  }

  /** Reopens a closed round; a closing time that has passed must be moved or removed in the same step. */
  async reopen(
    viewer: Viewer,
    id: string,
    closesAt: Date | null | undefined,
    now = new Date(),
  ): Promise<Wave> {
    const wave = await this.get(id);
    if (closesAt !== undefined) wave.closesAt = closesAt;
    if (wave.closesAt && wave.closesAt <= now) {
      throw ValidationError.forFields({
        closesAt: 'has passed; give a later closing time, or none, to reopen the round',
      });
    }
    const wasClosed = wave.statusAt(now) === WaveStatus.CLOSED || wave.closedAt !== null;
    wave.closedAt = null;
    if (wasClosed)
      this.audit.record({
        action: AuditAction.WAVE_REOPENED,
        actorId: viewer.userId,
        subjectType: 'Wave',
        subjectId: id,
        projectId: wave.project.id,
      });
    await this.em.flush();
    return wave;
  }

  /**
   * The round as a participant of `role` gets it through the open link, whatever the round's state: the same
   * sections, wording and scales, and no saved answers. Nothing is read from or written to any response.
   */
  async preview(id: string, role: RespondentRole): Promise<Survey> {
    const wave = await this.get(id);
    await this.em.populate(wave, ['project']);
    const definition = await definitionOf(this.em, wave.instrumentVersion.id);
    const sections = definition.sections
      .map((section) => ({
        key: section.key,
        title: section.title,
        items: section.items.filter((i) => i.roles.includes(role)).map((i) => asSeenBy(i, role)),
      }))
      .filter((section) => section.items.length > 0);
    if (sections.length === 0) throw ValidationError.forFields({ role: 'is asked nothing in this round' });
    return {
      round: surveyRoundOf(wave),
      role,
      kind: InvitationKind.OPEN_LINK,
      scales: definition.scales,
      sections,
      savedAnswers: [],
    };
  }

  async openLinks(waveId: string): Promise<Invitation[]> {
    return (await this.openLinksOf([waveId]))[0]!;
  }

  /** The open links of each round, in the order of the ids given; one query for them all. */
  async openLinksOf(waveIds: readonly string[]): Promise<Invitation[][]> {
    const ids = uuidsOf(waveIds);
    const links =
      ids.length === 0
        ? []
        : await this.em.find(
            Invitation,
            { wave: { $in: ids }, kind: InvitationKind.OPEN_LINK },
            { orderBy: { role: 'asc', id: 'asc' } },
          );
    return groupByKey(waveIds.map(canonical), links, (link) => link.wave.id);
  }

  /** Makes a batch of codes; they are returned this once, as a list and as CSV for printing. Only hashes are kept. */
  async createCodes(viewer: Viewer, input: CreateCodesInput): Promise<{ codes: string[]; csv: string }> {
    const wave = await this.get(input.waveId);
    await this.em.populate(wave, ['instrumentVersion']);
    const rolesAsked = new Set(
      wave.instrumentVersion.definition.sections.flatMap((s) => s.items.flatMap((i) => i.roles)),
    );
    if (!rolesAsked.has(input.role))
      throw ValidationError.forFields({ role: 'is asked nothing in this round' });
    const codes = new Set<string>();
    while (codes.size < input.count) codes.add(newCode());
    for (const code of codes) {
      this.em.create(Invitation, {
        wave,
        role: input.role,
        kind: InvitationKind.CODE,
        codeHash: hashCode(code),
        batch: input.batch?.trim() || null,
      });
    }
    this.audit.record({
      action: AuditAction.CODES_CREATED,
      actorId: viewer.userId,
      subjectType: 'Wave',
      subjectId: wave.id,
      projectId: wave.project.id,
      details: { role: input.role, count: input.count, batch: input.batch ?? null },
    });
    await this.em.flush();
    const list = [...codes];
    const csv = stringify(
      [['round', 'role', 'code'], ...list.map((code) => [wave.label, input.role, code])],
      { record_delimiter: '\n' },
    );
    return { codes: list, csv };
  }

  /** Live counts per role, counted in PostgreSQL. */
  async counts(waveId: string): Promise<RoleCount[]> {
    return (await this.countsOf([waveId]))[0]!;
  }

  /**
   * Live counts per role of each round, in the order of the ids given, with a row for every role even where
   * nothing was counted; one query for them all.
   */
  async countsOf(waveIds: readonly string[]): Promise<RoleCount[][]> {
    const ids = uuidsOf(waveIds);
    if (ids.length === 0) return waveIds.map(() => []);
    // The roles are Verdi's own enum values, so they can stand in the SQL text; the rounds' ids are parameters.
    const roles = Object.values(RespondentRole)
      .map((role, position) => `('${role}', ${position})`)
      .join(', ');
    const rows: {
      wave_id: string;
      role: RespondentRole;
      in_progress: string;
      submitted: string;
      codes: string;
      codes_used: string;
    }[] = await this.em.getConnection().execute(
      `with w(id) as (values ${ids.map(() => '(?::uuid)').join(', ')}),
         r(role, position) as (values ${roles}),
         s as (
           select wave_id, role::text as role,
             count(*) filter (where status = 'IN_PROGRESS' and exists (
               select 1 from answers a where a.response_id = responses.id)) as in_progress,
             count(*) filter (where status = 'SUBMITTED') as submitted
           from responses where wave_id in (select id from w) group by wave_id, role),
         i as (
           select wave_id, role::text as role,
             count(*) as codes,
             count(*) filter (where used_on is not null) as codes_used
           from invitations where wave_id in (select id from w) and kind = 'CODE' group by wave_id, role)
       select w.id as wave_id, r.role,
         coalesce(s.in_progress, 0) as in_progress, coalesce(s.submitted, 0) as submitted,
         coalesce(i.codes, 0) as codes, coalesce(i.codes_used, 0) as codes_used
       from w cross join r
         left join s on s.wave_id = w.id and s.role = r.role
         left join i on i.wave_id = w.id and i.role = r.role
       order by r.position`,
      ids,
    );
    const counts = rows.map((row) => ({
      waveId: row.wave_id,
      count: {
        role: row.role,
        inProgress: Number(row.in_progress),
        submitted: Number(row.submitted),
        codes: Number(row.codes),
        codesUsed: Number(row.codes_used),
      },
    }));
    return groupByKey(waveIds.map(canonical), counts, (row) => row.waveId).map((group) =>
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

  /** Refuses a round that would take answers while a [placeholder] from the default texts remains. */
  private checkNoPlaceholders(wave: Wave): void {
    const left = findPlaceholders(textsOf(wave));
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
