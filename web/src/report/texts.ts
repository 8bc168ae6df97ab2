import type { ReportLocale } from './model/sentences';

/** The report page's own texts. The report has its own language switch, so they live here, not in vue-i18n. */
const nb = {
  title: 'Rapport',
  heading: 'Rapport til kommunestyret',
  language: 'Språk',
  round: 'Runde',
  project: 'Prosjekt',
  download: 'Last ned PDF',
  downloadHint: 'Åpner utskrift: velg «Lagre som PDF». Samme PDF som ved utskrift av siden.',
  back: 'Til oversikten',
  loading: 'Henter tall …',
  none: 'Ingen runder i dette prosjektet ennå.',
  released: 'Tallene er fra utgivelse {v} av runden, laget {date}.',
  live: 'Tallene er levende (forskervisning).',
  summary: 'Sammendrag',
  tables: 'Tabeller og svar',
  overview: 'Verdi og utfordringer etter rolle',
  overviewNote:
    'Gjennomsnitt på skalaen 1–5 med 95 % konfidensintervall. Utfordringer er problemutsagn: høyere betyr større problem. Skjulte grupper er merket «skjult» med grunnen.',
  construct: 'Måling',
  role: 'Rolle',
  mean: 'Gjennomsnitt',
  interval: '95 % KI',
  hidden: 'skjult',
  value: 'Verdi',
  challenge: 'Utfordringer',
  outcome: 'Utfall',
  responses: 'Svar',
  submitted: 'Innsendte svar',
  total: 'Alle roller',
  codesIssued: 'Koder delt ut',
  codesUsed: 'Koder brukt',
  codeUseRate: 'Andel koder brukt',
  linkStarted: 'Begynt via åpen lenke',
  linkSubmitted: 'Sendt inn via åpen lenke',
  completion: 'Fullføringsgrad, åpen lenke',
  funnel: 'Programtrakt',
  funnelNote: 'Tallene er programmets egne, slik de er rapportert, med 95 % intervall (Wilson).',
  funnelNone: 'Ingen programtall for dette prosjektet.',
  stage: 'Trinn',
  count: 'Antall',
  rate: 'Andel',
  methods: 'Metode og personvern',
  methodsText: [
    'Deltakerne svarte på et spørreskjema i tre roller: tjenestebrukere, ansatte og erfaringskonsulenter. Hver rolle fikk samme spørsmål i sin egen ordlyd. En persons skår for en måling er gjennomsnittet av spørsmålene hen svarte på (minst halvparten), med omvendte spørsmål snudd.',
    'Gjennomsnittene vises med 95 % konfidensintervall (t-fordeling). Et intervall vises bare for grupper med minst 2k svar. «Vet ikke» telles ikke med.',
    'Personvern: Tall om grupper med færre enn k personer (k = {k} i denne runden) vises ikke. Der en skjult gruppe kunne blitt regnet ut ved å trekke de viste tallene fra totalen, skjules også en gruppe til. Tallene kommer fra en fast utgivelse som lages når runden stenger, og endres bare når endringen selv er stor nok, slik at ingen kan finne én persons svar ved å sammenlikne to tidspunkter. Fritekst og enkeltsvar vises aldri for ledere.',
  ],
  reasonLegend: 'Skjult: færre enn k svarte, eller tallet ville avslørt en liten gruppe.',
  source: 'Kilde: Verdi',
  printed: 'Laget {date}',
} as const;

type Texts = {
  [K in keyof typeof nb]: (typeof nb)[K] extends readonly string[] ? readonly string[] : string;
};

const en: Texts = {
  title: 'Report',
  heading: 'Report for the council',
  language: 'Language',
  round: 'Round',
  project: 'Project',
  download: 'Download PDF',
  downloadHint: 'Opens printing: choose “Save as PDF”. The same PDF as printing the page.',
  back: 'To the overview',
  loading: 'Fetching figures …',
  none: 'No rounds in this project yet.',
  released: 'Figures from release {v} of the round, made {date}.',
  live: 'Live figures (researcher view).',
  summary: 'Summary',
  tables: 'Tables and responses',
  overview: 'Value and challenges by role',
  overviewNote:
    'Means on the 1–5 scale with 95% confidence intervals. Challenges are problem statements: higher means a bigger problem. Hidden groups are marked “hidden” with the reason.',
  construct: 'Measure',
  role: 'Role',
  mean: 'Mean',
  interval: '95% CI',
  hidden: 'hidden',
  value: 'Value',
  challenge: 'Challenges',
  outcome: 'Outcomes',
  responses: 'Responses',
  submitted: 'Submitted responses',
  total: 'All roles',
  codesIssued: 'Codes handed out',
  codesUsed: 'Codes used',
  codeUseRate: 'Share of codes used',
  linkStarted: 'Begun through an open link',
  linkSubmitted: 'Submitted through an open link',
  completion: 'Completion rate, open link',
  funnel: 'Programme funnel',
  funnelNote: 'The programme’s own figures as reported, with 95% intervals (Wilson).',
  funnelNone: 'No programme figures for this project.',
  stage: 'Stage',
  count: 'Count',
  rate: 'Share',
  methods: 'Methods and privacy',
  methodsText: [
    'Participants answered a questionnaire in three roles: service users, professionals and peer workers. Each role got the same questions in its own wording. A person’s score on a measure is the mean of the questions they answered (at least half), with reversed questions turned round.',
    'Means are shown with 95% confidence intervals (t distribution). An interval is shown only for groups of at least 2k. “Don’t know” is not counted.',
    'Privacy: figures about groups of fewer than k people (k = {k} in this round) are not shown. Where a hidden group could be worked out by subtracting the shown figures from the total, one more group is hidden. The figures come from a fixed release made when the round closes, and change only when the change itself is large enough, so that no one can find one person’s answers by comparing two moments. Free text and single answers are never shown to managers.',
  ],
  reasonLegend: 'Hidden: fewer than k answered, or the figure would give away a small group.',
  source: 'Source: Verdi',
  printed: 'Made {date}',
};

export type ReportTexts = Texts;
export const reportTexts: Record<ReportLocale, Texts> = { nb: nb as Texts, en };

export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}
