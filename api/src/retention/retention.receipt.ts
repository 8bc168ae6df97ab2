import { TIME_ZONE } from '../common/dates.js';
import { RetentionAction } from './retention-action.js';
import type { RetentionReceipt } from './retention.types.js';

type ReceiptFields = Omit<RetentionReceipt, 'text'>;

/** What each count means, in each language. */
const KINDS: Record<string, { nb: string; nn: string; en: string }> = {
  rounds: { nb: 'runder gjennomgått', nn: 'rundar gjennomgått', en: 'rounds processed' },
  roundsClosed: { nb: 'runder lukket', nn: 'rundar lukka', en: 'rounds closed' },
  responsesDeleted: { nb: 'besvarelser slettet', nn: 'svarskjema sletta', en: 'responses deleted' },
  answersDeleted: { nb: 'svar slettet', nn: 'svar sletta', en: 'answers deleted' },
  textAnswersDeleted: {
    nb: 'fritekstsvar slettet',
    nn: 'fritekstsvar sletta',
    en: 'free-text answers deleted',
  },
  constructScoresDeleted: { nb: 'skårer slettet', nn: 'skårar sletta', en: 'construct scores deleted' },
  textTagsDeleted: { nb: 'fritekstmerker slettet', nn: 'fritekstmerke sletta', en: 'free-text tags deleted' },
  consentRecordsDeleted: {
    nb: 'samtykkeregistreringer slettet',
    nn: 'samtykkeregistreringar sletta',
    en: 'consent records deleted',
  },
  consentTextsDeleted: {
    nb: 'samtykketekster slettet',
    nn: 'samtykketekstar sletta',
    en: 'consent texts deleted',
  },
  invitationsDeleted: {
    nb: 'lenker og koder slettet',
    nn: 'lenkjer og kodar sletta',
    en: 'links and codes deleted',
  },
  inviteesDeleted: {
    nb: 'e-postinvitasjoner med adresse slettet',
    nn: 'e-postinvitasjonar med adresse sletta',
    en: 'e-mail invitees with their address deleted',
  },
  invitationSummariesDeleted: {
    nb: 'oppsummeringer av e-postinvitasjoner slettet',
    nn: 'oppsummeringar av e-postinvitasjonar sletta',
    en: 'e-mail invitation summaries deleted',
  },
  releaseMembersDeleted: {
    nb: 'utgivelseslister slettet',
    nn: 'utgivingslister sletta',
    en: 'release member lists deleted',
  },
  draftsDeleted: { nb: 'utkast slettet', nn: 'utkast sletta', en: 'drafts deleted' },
  withdrawnDeleted: {
    nb: 'trukne besvarelser slettet',
    nn: 'tilbaketrekte svarskjema sletta',
    en: 'withdrawn responses deleted',
  },
  responsesAnonymised: {
    nb: 'besvarelser anonymisert',
    nn: 'svarskjema anonymiserte',
    en: 'responses anonymised',
  },
  linkageKeysRemoved: {
    nb: 'koblingsnøkler fjernet',
    nn: 'koplingsnøklar fjerna',
    en: 'linkage keys removed',
  },
};

const TEXTS = {
  nb: {
    title: 'Kvittering for sletting av forskningsdata',
    project: 'Prosjekt',
    organisation: 'Organisasjon',
    reference: 'Godkjenning',
    action: 'Tiltak',
    actions: { DELETE: 'Sletting', ANONYMISE: 'Anonymisering' },
    endsOn: 'Sluttdato',
    ran: 'Utført',
    rounds: 'Runder',
    counts: 'Omfang',
    kept: 'Beholdt',
    keptDelete:
      'Prosjektet, skjemaene, rundenes innstillinger, aggregerte utgivelser (med skjuling av små grupper), programtall og revisjonsloggen.',
    keptAnonymise:
      'De tallfestede svarene og skårene, uten fritekst, koblingsnøkler eller datoer finere enn rundens første dag. Kvitteringskoder virker ikke lenger. Rekkefølgen radene ligger i tabellen er ikke skjult.',
    notCovered: 'Ikke omfattet',
    backups: 'Sikkerhetskopier, til de utløper etter sin egen plan.',
    exports: (n: number) =>
      n === 0
        ? 'Ingen eksporter ble lastet ned før kjøringen.'
        : `${n} eksport(er) ble lastet ned før kjøringen (se revisjonsloggen, EXPORT_DOWNLOADED); kopier utenfor Verdi må slettes av den som har dem.`,
    digest: 'Kontrollsum (SHA-256)',
  },
  nn: {
    title: 'Kvittering for sletting av forskingsdata',
    project: 'Prosjekt',
    organisation: 'Organisasjon',
    reference: 'Godkjenning',
    action: 'Tiltak',
    actions: { DELETE: 'Sletting', ANONYMISE: 'Anonymisering' },
    endsOn: 'Sluttdato',
    ran: 'Utført',
    rounds: 'Rundar',
    counts: 'Omfang',
    kept: 'Teke vare på',
    keptDelete:
      'Prosjektet, skjemaa, innstillingane til rundane, aggregerte utgivingar (med skjuling av små grupper), programtal og revisjonsloggen.',
    keptAnonymise:
      'Dei talfesta svara og skårane, utan fritekst, koplingsnøklar eller datoar finare enn den første dagen i runden. Kvitteringskodar verkar ikkje lenger. Rekkjefølgja radene ligg i i tabellen, er ikkje skjult.',
    notCovered: 'Ikkje omfatta',
    backups: 'Tryggingskopiar, til dei går ut etter sin eigen plan.',
    exports: (n: number) =>
      n === 0
        ? 'Ingen eksportar vart lasta ned før køyringa.'
        : `${n} eksport(ar) vart lasta ned før køyringa (sjå revisjonsloggen, EXPORT_DOWNLOADED); kopiar utanfor Verdi må slettast av den som har dei.`,
    digest: 'Kontrollsum (SHA-256)',
  },
  en: {
    title: 'Receipt for the deletion of research data',
    project: 'Project',
    organisation: 'Organisation',
    reference: 'Approval',
    action: 'Action',
    actions: { DELETE: 'Deletion', ANONYMISE: 'Anonymisation' },
    endsOn: 'End date',
    ran: 'Carried out',
    rounds: 'Rounds',
    counts: 'Scope',
    kept: 'Kept',
    keptDelete:
      "The project, its instruments, the rounds' settings, aggregate releases (with small groups suppressed), programme figures and the audit log.",
    keptAnonymise:
      "The numeric answers and scores, without free text, linkage keys or dates finer than the round's first day. Receipt codes no longer work. The order of rows inside a table is not hidden.",
    notCovered: 'Not covered',
    backups: 'Backups, until they expire on their own schedule.',
    exports: (n: number) =>
      n === 0
        ? 'No exports were downloaded before the run.'
        : `${n} export(s) were downloaded before the run (see the audit log, EXPORT_DOWNLOADED); copies outside Verdi must be deleted by whoever holds them.`,
    digest: 'Digest (SHA-256)',
  },
};

function osloTime(moment: Date, language: 'nb' | 'nn' | 'en'): string {
  return new Intl.DateTimeFormat({ nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' }[language], {
    timeZone: TIME_ZONE,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(moment);
}

/** The receipt as plain text, for download and for the archive of whoever approved the project. */
export function receiptText(receipt: ReceiptFields, language: 'nb' | 'nn' | 'en'): string {
  const t = TEXTS[language];
  const lines = [
    t.title,
    '',
    `${t.project}: ${receipt.projectName}`,
    `${t.organisation}: ${receipt.organisation}`,
    `${t.reference}: ${receipt.reference}`,
    `${t.action}: ${t.actions[receipt.action]}`,
    `${t.endsOn}: ${receipt.endsOn}`,
    `${t.ran}: ${osloTime(receipt.startedAt, language)} – ${osloTime(receipt.finishedAt, language)} (${TIME_ZONE})`,
    '',
    `${t.rounds}:`,
    ...receipt.rounds.map((round) => `- ${round.label} (${round.id})`),
    '',
    `${t.counts}:`,
    ...receipt.counts.map(({ kind, count }) => `- ${KINDS[kind]?.[language] ?? kind}: ${count}`),
    '',
    `${t.kept}: ${receipt.action === RetentionAction.DELETE ? t.keptDelete : t.keptAnonymise}`,
    '',
    `${t.notCovered}:`,
    `- ${t.backups}`,
    `- ${t.exports(receipt.exportsBefore)}`,
    '',
    `${t.digest}: ${receipt.digest}`,
    `Run: ${receipt.runId}`,
  ];
  return lines.join('\n') + '\n';
}
