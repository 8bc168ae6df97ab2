import type { LocalizedText, RespondentRole } from '../instruments/definition.types.js';
import type { Em } from '../db/orm.js';
import { consentRecord } from '../consent/consent.service.js';
import { runStatement } from '../db/statement.js';
import type { AnonymityMode } from '../rounds/round.entity.js';
import type { Wording } from './response.entity.js';
import type { Assistance } from './survey.service.js';
import type { StoredAnswer } from './answer.rules.js';
import type { ScoreRow } from './scoring.js';

/** An open link with what a submission through it needs of its round, read in one statement. */
export interface OpenLink {
  role: RespondentRole;
  roundId: string;
  projectId: string;
  instrumentVersionId: string;
  draft: boolean;
  opensAt: Date;
  closesAt: Date | null;
  closedAt: Date | null;
  consentRequired: boolean;
  information: LocalizedText;
  consentText: LocalizedText | null;
  informationEasyRead: LocalizedText | null;
  linkage: boolean;
  anonymity: AnonymityMode;
  /** The languages the round offers; only ever added to while it is open, so a remembered list errs on the safe side. */
  languages: string[];
  /** A digest of the round's information and consent text as stored, to tell that they are still the same. */
  textsVersion: string;
  /** What a response through this link consents to, made once from the texts (none where no consent is asked). */
  consent: {
    hash: string;
    information: string;
    statement: string | null;
    informationEasyRead: string | null;
  } | null;
}

/** The digest of a round's texts, the same expression in the lookup and in the statement that checks it. */
const TEXTS_VERSION = `md5(w.information::text || '|' || coalesce(w.consent_text::text, '') || '|' || coalesce(w.information_easy_read::text, ''))`;

const OPEN_LINK = `
select i.role, w.id as "roundId", w.project_id as "projectId", w.instrument_version_id as "instrumentVersionId",
       w.draft, w.opens_at as "opensAt", w.closes_at as "closesAt", w.closed_at as "closedAt",
       w.consent_required as "consentRequired", w.information, w.consent_text as "consentText",
       w.information_easy_read as "informationEasyRead", w.linkage, w.anonymity,
       w.languages, ${TEXTS_VERSION} as "textsVersion"
  from invitations i
  join rounds w on w.id = i.round_id
 where i.link_token = $1 and i.kind = 'OPEN_LINK'`;

/** Links looked up lately, by token: a link's round and role never change, and the statement checks the rest. */
const recentLinks = new Map<string, { link: OpenLink; until: number }>();
const RECENT_LINKS = 1000;
const RECENT_FOR_MS = 60_000;

/**
 * The open link behind a token, from memory when it was looked up in the last minute. What memory may hold wrongly
 * (the round's settings and texts, its state) the storing statement checks again; a submission that finds them
 * changed stores nothing and calls `forgetOpenLink`.
 */
export async function openLinkOf(em: Em, token: string, now = Date.now()): Promise<OpenLink | null> {
  const recent = recentLinks.get(token);
  if (recent && recent.until > now) return recent.link;
  const [row] = await runStatement<Omit<OpenLink, 'consent'>>(
    em,
    OPEN_LINK,
    [token],
    'verdi_open_link_easy_read',
  );
  if (!row) return null;
  // The ORM's driver hands timestamps over as text, for the ORM to map.
  const time = (value: Date | string | null) => (value === null ? null : new Date(value));
  const consent = row.consentRequired
    ? consentRecord(row.information, row.consentText, row.informationEasyRead)
    : null;
  const link: OpenLink = {
    ...row,
    opensAt: time(row.opensAt)!,
    closesAt: time(row.closesAt),
    closedAt: time(row.closedAt),
    consent: consent && {
      hash: consent.hash,
      information: JSON.stringify(consent.information),
      statement: consent.statement && JSON.stringify(consent.statement),
      informationEasyRead: consent.informationEasyRead && JSON.stringify(consent.informationEasyRead),
    },
  };
  if (recentLinks.size >= RECENT_LINKS) recentLinks.delete(recentLinks.keys().next().value!);
  recentLinks.set(token, { link, until: now + RECENT_FOR_MS });
  return link;
}

export function forgetOpenLink(token: string): void {
  recentLinks.delete(token);
}

export interface SubmissionRow {
  /** The id a new response gets; a claimed draft keeps its own. */
  responseId: string;
  /** Whether the round is open is decided again inside the statement, at this time. */
  now: Date;
  /** The link as the submission was checked against it: the statement stores nothing if the round has changed. */
  link: OpenLink & { token: string };
  day: string;
  submissionKey: string;
  /** The hash of the draft's resume token: the draft to claim, or the secret a new response is given. */
  resumeHash: string | null;
  receiptHash: string;
  language: string;
  consentGiven: boolean | null;
  linkageHash: string | null;
  submittedAt: Date | null;
  /** The wording of these answers; merged with what the draft recorded (a difference is MIXED). Null: as recorded. */
  wording: Wording | null;
  assistance: Assistance;
  /** The order of the randomised sections' items; null: the draft's (or none). */
  itemOrder?: string[] | null;
  answers: StoredAnswer[];
  scores: ScoreRow[];
}

/*
 * One statement, so one transaction with one round trip: it claims the open-link draft the resume token names (only
 * while it is still a draft) or inserts a new response, replaces the draft's answers with these, stores the scores
 * and the consented text, and returns the response's id. It stores nothing, and returns no row, when the round is
 * not open at `now`, when the draft was submitted already (by another device, or a twin of this request), or when
 * any unique key is taken (the submission key of a retry, the resume token of a submitted draft): the caller then
 * answers as the careful path does. Sub-statements of one WITH see the same snapshot, so answers are upserted and
 * only those no longer given are deleted, never deleted and inserted again.
 */
const STORE = `
with round as (
  select w.id from rounds w
   where w.id = $1::uuid and not w.draft and w.closed_at is null and w.opens_at <= $2::timestamptz
     and (w.closes_at is null or w.closes_at > $2::timestamptz)
     and w.project_id = $19::uuid and w.instrument_version_id = $20::uuid and w.consent_required = $21::boolean
     and w.linkage = $22::boolean and w.anonymity = $23::anonymity_mode and ${TEXTS_VERSION} = $24::text
     and exists (select from invitations i where i.link_token = $25::text and i.round_id = w.id
                                             and i.role = $3::respondent_role and i.kind = 'OPEN_LINK')
), claimed as (
  update responses
     set status = 'SUBMITTED', submission_key = $5, receipt_hash = $7, language = $8, consent_given = $9,
         linkage_hash = $10, updated_on = $11::date, submitted_on = $11::date, submitted_at = $12::timestamptz,
         wording = case when $26::response_wording is null or wording = $26::response_wording then wording
                        else 'MIXED'::response_wording end,
         assisted = $27::boolean, assisted_read_aloud = $28::boolean, assisted_wrote = $29::boolean,
         assisted_explained = $30::boolean, item_order = coalesce($32::text[], item_order)
   where $6::text is not null and resume_hash = $6::text and round_id = (select id from round)
     and role = $3::respondent_role and status = 'IN_PROGRESS'
  returning id
), created as (
  insert into responses (id, round_id, role, status, submission_key, resume_hash, receipt_hash, language,
                         consent_given, linkage_hash, started_on, updated_on, submitted_on, submitted_at,
                         wording, assisted, assisted_read_aloud, assisted_wrote, assisted_explained, item_order)
  select $4::uuid, round.id, $3::respondent_role, 'SUBMITTED', $5, $6::text, $7, $8, $9, $10,
         $11::date, $11::date, $11::date, $12::timestamptz,
         coalesce($26::response_wording, 'STANDARD'), $27::boolean, $28::boolean, $29::boolean, $30::boolean,
         $32::text[]
    from round
   where not exists (select from claimed)
  on conflict do nothing
  returning id
), saved as (
  select id from claimed union all select id from created
), unanswered as (
  delete from answers
   where response_id in (select id from claimed) and item_key <> all ($14::text[])
), answered as (
  insert into answers (response_id, item_key, number, text, choices, not_applicable)
  select saved.id, a.item_key, a.number, a.text, a.choices, a.not_applicable
    from saved,
         jsonb_to_recordset($13::jsonb)
           as a(item_key text, number double precision, text text, choices text[], not_applicable boolean)
  on conflict (response_id, item_key) do update
     set number = excluded.number, text = excluded.text, choices = excluded.choices,
         not_applicable = excluded.not_applicable
), scored as (
  insert into construct_scores (response_id, construct_key, kind, score, answered_items, shown_items)
  select saved.id, s.construct_key, s.kind, s.score, s.answered_items, s.shown_items
    from saved,
         jsonb_to_recordset($15::jsonb)
           as s(construct_key text, kind construct_kind, score double precision, answered_items integer,
                shown_items integer)
  on conflict (response_id, construct_key) do update
     set kind = excluded.kind, score = excluded.score, answered_items = excluded.answered_items,
         shown_items = excluded.shown_items
), consent_text as (
  insert into consent_texts (hash, information, statement, information_easy_read, created_at)
  select $16::text, $17::jsonb, $18::jsonb, $31::jsonb, $11::date
   where $16::text is not null and exists (select from saved)
  on conflict (hash) do nothing
), consented as (
  insert into response_consents (response_id, consent_text_hash)
  select saved.id, $16::text from saved where $16::text is not null
  on conflict (response_id) do update set consent_text_hash = excluded.consent_text_hash
)
select id from saved`;

/** Stores a submission in one statement; false when it stored nothing (see above). */
export async function storeSubmission(em: Em, row: SubmissionRow): Promise<boolean> {
  const stored = await runStatement<{ id: string }>(
    em,
    STORE,
    [
      row.link.roundId,
      row.now.toISOString(),
      row.link.role,
      row.responseId,
      row.submissionKey,
      row.resumeHash,
      row.receiptHash,
      row.language,
      row.consentGiven,
      row.linkageHash,
      row.day,
      row.submittedAt?.toISOString() ?? null,
      JSON.stringify(
        row.answers.map((a) => ({
          item_key: a.itemKey,
          number: a.number,
          text: a.text,
          choices: a.choices,
          not_applicable: a.notApplicable,
        })),
      ),
      row.answers.map((a) => a.itemKey),
      JSON.stringify(
        row.scores.map((s) => ({
          construct_key: s.constructKey,
          kind: s.kind,
          score: s.score,
          answered_items: s.answeredItems,
          shown_items: s.shownItems,
        })),
      ),
      row.link.consent?.hash ?? null,
      row.link.consent?.information ?? null,
      row.link.consent?.statement ?? null,
      row.link.projectId,
      row.link.instrumentVersionId,
      row.link.consentRequired,
      row.link.linkage,
      row.link.anonymity,
      row.link.textsVersion,
      row.link.token,
      row.wording,
      row.assistance.assisted,
      row.assistance.assistedReadAloud,
      row.assistance.assistedWrote,
      row.assistance.assistedExplained,
      row.link.consent?.informationEasyRead ?? null,
      row.itemOrder ?? null,
    ],
    'verdi_store_submission_item_order',
  );
  return stored.length === 1;
}
