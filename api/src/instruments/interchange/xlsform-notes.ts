/**
 * The kinds of loss an XLSForm import reports, each a sentence in bokmål and English (see import-notes.ts).
 */
import { NoteSeverity, type NoteText } from './import-notes.js';

const { CHANGES_QUESTIONNAIRE: CHANGES, LOSES_DETAIL: DETAIL, COSMETIC } = NoteSeverity;

export interface XlsNoteKind {
  severity: NoteSeverity;
  message: NoteText;
}

const kind = (severity: NoteSeverity, en: string, nb: string): XlsNoteKind => ({
  severity,
  message: { en, nb },
});

export const XLS_NOTES = {
  labelPiped: kind(
    DETAIL,
    'Labels or hints show ${name} of a field Verdi did not take over (a calculate, a note, a field in a repeat …); it stays as written. ${name} of a question became {{name}}.',
    'Etiketter eller hint viser ${navn} for et felt Verdi ikke tok over (calculate, note, et felt i en repeat …); det står som skrevet. ${navn} for et spørsmål ble {{navn}}.',
  ),
  note: kind(
    CHANGES,
    'Notes (type note) are texts without an answer; Verdi has no such item, so they are left out.',
    'Merknader (type note) er tekster uten svar; Verdi har ikke et slikt spørsmål, så de er utelatt.',
  ),
  unsupportedType: kind(
    CHANGES,
    'Questions of a type Verdi has no counterpart for (time, date and time, location, media, barcode, rank, acknowledge …) are left out.',
    'Spørsmål av en type Verdi ikke har (tid, dato og tid, sted, medier, strekkode, rangering, bekreftelse …) er utelatt.',
  ),
  unknownType: kind(
    CHANGES,
    'Rows with a type XLSForm does not define are left out.',
    'Rader med en type XLSForm ikke kjenner, er utelatt.',
  ),
  relevantNotTranslated: kind(
    CHANGES,
    'These relevant conditions cannot be expressed as Verdi show-if (one comparison with one earlier question, or a choice among its values); the question is always shown.',
    'Disse relevant-betingelsene kan ikke uttrykkes som Verdis vis-hvis (én sammenligning med ett tidligere spørsmål, eller ett av dets svar); spørsmålet vises alltid.',
  ),
  groupRelevant: kind(
    CHANGES,
    'These questions are in a group whose relevant condition Verdi cannot express (each question gets its group’s condition where it can); they are always shown.',
    'Disse spørsmålene er i en gruppe med en relevant-betingelse Verdi ikke kan uttrykke (hvert spørsmål får gruppens betingelse der det går); de vises alltid.',
  ),
  requiredExpression: kind(
    CHANGES,
    'Required given as an expression (required only in some cases) cannot be expressed; the question is optional.',
    'Obligatorisk gitt som uttrykk (bare obligatorisk i noen tilfeller) kan ikke uttrykkes; spørsmålet er valgfritt.',
  ),
  repeat: kind(
    CHANGES,
    'Repeats are not supported: their questions are asked once.',
    'Gjentakelser (repeat) støttes ikke: spørsmålene stilles én gang.',
  ),
  calculate: kind(
    DETAIL,
    'Calculations and hidden fields (calculate, hidden) are left out.',
    'Beregninger og skjulte felt (calculate, hidden) er utelatt.',
  ),
  orOther: kind(
    CHANGES,
    'The “or_other” choice is not kept: the question is a scale, NPS or yes/no, where Verdi offers no “other, specify”, or another choice became the key “other”.',
    '«or_other»-valget er ikke tatt med: spørsmålet er en skala, NPS eller ja/nei, der Verdi ikke har «annet, nemlig», eller et annet valg fikk nøkkelen «other».',
  ),
  choiceFilter: kind(
    CHANGES,
    'Choice filters (cascading selects) are not kept: every option is offered.',
    'Valgfiltre (choice_filter) er ikke tatt med: alle svaralternativer vises.',
  ),
  constraint: kind(
    DETAIL,
    'Constraints other than a number’s bounds or a text’s length are not kept.',
    'Begrensninger (constraint) utover tallgrenser og tekstlengde er ikke tatt med.',
  ),
  constraintMessage: kind(
    DETAIL,
    'Constraint and required messages are not kept; Verdi shows its own.',
    'Meldinger for constraint og required er ikke tatt med; Verdi viser sine egne.',
  ),
  defaultValue: kind(
    DETAIL,
    'Default values, read-only marks and triggers are not kept.',
    'Standardsvar, skrivebeskyttelse og triggere er ikke tatt med.',
  ),
  integer: kind(
    DETAIL,
    'Integer questions became number questions; Verdi also accepts decimals.',
    'Heltallsspørsmål ble tallspørsmål; Verdi godtar også desimaltall.',
  ),
  otherLanguage: kind(
    DETAIL,
    'Texts in languages other than bokmål, nynorsk and English are not kept.',
    'Tekster på andre språk enn bokmål, nynorsk og engelsk er ikke tatt med.',
  ),
  media: kind(
    DETAIL,
    'Images, audio and video on questions or choices are not kept.',
    'Bilder, lyd og video på spørsmål eller svaralternativer er ikke tatt med.',
  ),
  metadata: kind(
    COSMETIC,
    'Metadata collected by the device (start, end, today, deviceid, username …) is left out.',
    'Metadata som enheten samler inn (start, end, today, deviceid, username …), er utelatt.',
  ),
  range: kind(
    COSMETIC,
    'Ranges without start or end in their parameters got XLSForm’s default, 1 to 10.',
    'Intervaller (range) uten start eller end i parameters har fått XLSForms standard, 1 til 10.',
  ),
  appearance: kind(
    COSMETIC,
    'Appearances (layout hints for ODK and Enketo) are not kept.',
    'Appearance (visningshint for ODK og Enketo) er ikke tatt med.',
  ),
  likertNotNumeric: kind(
    COSMETIC,
    'Likert questions whose choices are not whole numbers became single-choice questions.',
    'Likert-spørsmål der svarverdiene ikke er heltall, ble enkeltvalg.',
  ),
  nestedGroup: kind(
    COSMETIC,
    'Groups inside groups are merged into the outer group’s section.',
    'Grupper inne i grupper er slått sammen med den ytre gruppens seksjon.',
  ),
  renamed: kind(
    COSMETIC,
    'Names that are not valid Verdi keys (lowercase letters, digits and _, starting with a letter) were renamed; conditions follow the new names.',
    'Navn som ikke er gyldige Verdi-nøkler (små bokstaver, sifre og _, med bokstav først), har fått nytt navn; betingelser følger de nye navnene.',
  ),
  defaultLanguage: kind(
    COSMETIC,
    'Texts without a language (the label column) were taken as bokmål, since the settings sheet names no default_language Verdi knows.',
    'Tekster uten språk (label-kolonnen) er lest som bokmål, siden settings-arket ikke oppgir et default_language Verdi kjenner.',
  ),
  column: kind(
    COSMETIC,
    'Columns Verdi does not read are ignored.',
    'Kolonner Verdi ikke leser, er ignorert.',
  ),
  settings: kind(
    COSMETIC,
    'Settings other than form_title, form_id, version and default_language (instance_name, submission_url, style …) are not kept.',
    'Innstillinger utover form_title, form_id, version og default_language (instance_name, submission_url, style …) er ikke tatt med.',
  ),
} satisfies Record<string, XlsNoteKind>;

export type XlsNote = keyof typeof XLS_NOTES;
