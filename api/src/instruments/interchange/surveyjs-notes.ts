import { NoteSeverity, type NoteText } from './import-notes.js';
import type { ExpressionReason } from './surveyjs-expression.js';

/**
 * Every loss the SurveyJS import can report: one kind each, with its severity and its sentence in bokmål and English.
 * The fields (element names) are added by the import; the sentences therefore speak of "these elements".
 */

const { CHANGES_QUESTIONNAIRE: CHANGES, LOSES_DETAIL: DETAIL, COSMETIC } = NoteSeverity;

export interface NoteKind {
  severity: NoteSeverity;
  message: NoteText;
}

const kind = (severity: NoteSeverity, en: string, nb: string): NoteKind => ({
  severity,
  message: { en, nb },
});

export const NOTES = {
  'element.hidden': kind(
    DETAIL,
    'Hidden elements (visible: false, with no visibleIf) are never shown by SurveyJS; they were left out.',
    'Skjulte elementer (visible: false, uten visibleIf) vises aldri i SurveyJS; de er utelatt.',
  ),
  'page.hidden': kind(
    DETAIL,
    'Hidden pages (visible: false, with no visibleIf) are never shown by SurveyJS; they were left out with their questions.',
    'Skjulte sider (visible: false, uten visibleIf) vises aldri i SurveyJS; de er utelatt med spørsmålene sine.',
  ),
  'element.unnamed': kind(
    COSMETIC,
    'Elements without a name were given one (question1, question2 …).',
    'Elementer uten navn har fått et navn (question1, question2 …).',
  ),
  'page.empty': kind(
    COSMETIC,
    'Pages with no question Verdi can take over were left out.',
    'Sider uten spørsmål Verdi kan ta over, er utelatt.',
  ),
  'panel.flattened': kind(
    DETAIL,
    'Panels are not kept: their questions are placed straight in the section of their page, and the panel titles and descriptions are dropped (a panel’s visibleIf is given to its questions).',
    'Paneler beholdes ikke: spørsmålene deres legges rett i sidens seksjon, og panelenes titler og beskrivelser faller bort (et panels visibleIf gis til spørsmålene).',
  ),
  'key.renamed': kind(
    COSMETIC,
    'Names that are not valid Verdi keys (a–z, 0–9 and _, starting with a letter, at most 64 characters) were given a key made from them.',
    'Navn som ikke er gyldige nøkler i Verdi (a–z, 0–9 og _, med bokstav først, høyst 64 tegn), har fått en nøkkel laget av navnet.',
  ),
  'key.taken': kind(
    COSMETIC,
    'Names whose key was already taken by an earlier item were given a number after their key.',
    'Navn der nøkkelen alt var brukt av et tidligere spørsmål, har fått et tall etter nøkkelen.',
  ),
  'option.renamed': kind(
    COSMETIC,
    'Choice values that are not valid Verdi option keys (a–z, 0–9 and _) are stored under a key made from them; conditions on them follow.',
    'Svarverdier som ikke er gyldige svarnøkler i Verdi (a–z, 0–9 og _), lagres under en nøkkel laget av verdien; vilkår på dem følger med.',
  ),
  'option.duplicate': kind(
    DETAIL,
    'Questions list the same choice value twice; the second was left out.',
    'Spørsmålene har samme svarverdi to ganger; den andre er utelatt.',
  ),
  'choice.other': kind(
    CHANGES,
    'The "Other" choice of these questions could not become Verdi\'s "other, specify": an option already has the value "other" (or the question is an image picker); it was left out.',
    'Svaret «Annet» i disse spørsmålene kunne ikke bli Verdis «annet, nemlig»: et alternativ har alt verdien «other» (eller spørsmålet er en bildevelger); det er utelatt.',
  ),
  'slider.range': kind(
    CHANGES,
    'Range sliders (sliderType "range", two values) have no counterpart in Verdi; they were left out.',
    'Skyveknapper for et intervall (sliderType «range», to verdier) har ikke noe motstykke i Verdi; de er utelatt.',
  ),
  'ranking.partial': kind(
    CHANGES,
    'Rankings where the participant ranks only some choices (selectToRankEnabled) became rankings of every choice: Verdi asks for all options in order.',
    'Rangeringer der deltakeren rangerer bare noen av valgene (selectToRankEnabled), ble rangeringer av alle valgene: Verdi ber om alle alternativene i rekkefølge.',
  ),
  'slider.labels': kind(
    COSMETIC,
    'Slider labels other than at the lowest and highest value were dropped: Verdi labels the two ends.',
    'Etiketter på skyveknapper andre steder enn ved laveste og høyeste verdi er utelatt: Verdi har etiketter på de to endene.',
  ),
  'date.bound': kind(
    DETAIL,
    'Earliest or latest dates (min, max) that are not days written YYYY-MM-DD (such as expressions) were dropped.',
    'Tidligste eller seneste datoer (min, max) som ikke er dager skrevet ÅÅÅÅ-MM-DD (for eksempel uttrykk), er utelatt.',
  ),
  'choice.none': kind(
    CHANGES,
    'The "None" choice has no counterpart in Verdi; it was left out.',
    'Svaret «Ingen» har ikke noe motstykke i Verdi; det er utelatt.',
  ),
  'choice.refuse': kind(
    CHANGES,
    'The "Refuse to answer" choice has no counterpart in Verdi; it was left out.',
    'Svaret «Vil ikke svare» har ikke noe motstykke i Verdi; det er utelatt.',
  ),
  'choice.dontknow': kind(
    CHANGES,
    'The "Don’t know" choice of choice questions has no counterpart in Verdi; it was left out.',
    'Svaret «Vet ikke» på valgspørsmål har ikke noe motstykke i Verdi; det er utelatt.',
  ),
  'choice.selectall': kind(
    CHANGES,
    'The "Select all" choice has no counterpart in Verdi; it was left out.',
    'Svaret «Velg alle» har ikke noe motstykke i Verdi; det er utelatt.',
  ),
  'choice.comment': kind(
    DETAIL,
    'The comment box under a question has no counterpart in Verdi; it was left out.',
    'Kommentarfeltet under et spørsmål har ikke noe motstykke i Verdi; det er utelatt.',
  ),
  'choice.visibleIf': kind(
    CHANGES,
    'Choices (or matrix columns) with their own visibleIf are always offered in Verdi.',
    'Svaralternativer (eller matrisekolonner) med egen visibleIf tilbys alltid i Verdi.',
  ),
  'choice.enableIf': kind(
    CHANGES,
    'Choices (or matrix rows) with their own enableIf can always be chosen in Verdi.',
    'Svaralternativer (eller matriserader) med egen enableIf kan alltid velges i Verdi.',
  ),
  'imagepicker.images': kind(
    CHANGES,
    'Choices among images (imagepicker) are imported as choice questions with the choices’ texts (or values); the images are dropped.',
    'Valg blant bilder (imagepicker) er importert som valgspørsmål med alternativenes tekster (eller verdier); bildene faller bort.',
  ),
  'question.too-few-choices': kind(
    CHANGES,
    'Choice questions with fewer than two choices Verdi can take over were left out.',
    'Valgspørsmål med færre enn to svaralternativer Verdi kan ta over, er utelatt.',
  ),
  'property.requiredIf': kind(
    CHANGES,
    'Conditions that make a question required (requiredIf) are not kept; such a question is required only if it is marked required outright.',
    'Vilkår som gjør et spørsmål obligatorisk (requiredIf), beholdes ikke; spørsmålet er bare obligatorisk om det er merket slik uten vilkår.',
  ),
  'property.choicesByUrl': kind(
    CHANGES,
    'Choices loaded from a web service (choicesByUrl) are not loaded; only the choices written in the file are kept.',
    'Svaralternativer hentet fra en nettjeneste (choicesByUrl) hentes ikke; bare alternativene i fila beholdes.',
  ),
  'property.choicesFromQuestion': kind(
    CHANGES,
    'Choices copied from another question (choicesFromQuestion) are not copied; only the choices written in the question are kept.',
    'Svaralternativer kopiert fra et annet spørsmål (choicesFromQuestion) kopieres ikke; bare alternativene i spørsmålet selv beholdes.',
  ),
  'property.choicesVisibleIf': kind(
    CHANGES,
    'Conditions that filter the choices (choicesVisibleIf, choicesEnableIf) are not kept; every choice is offered.',
    'Vilkår som filtrerer svaralternativene (choicesVisibleIf, choicesEnableIf), beholdes ikke; alle alternativene tilbys.',
  ),
  'property.matrixVisibleIf': kind(
    CHANGES,
    'Conditions that filter a matrix’s rows or columns (rowsVisibleIf, columnsVisibleIf) are not kept; every row and column is shown.',
    'Vilkår som filtrerer radene eller kolonnene i en matrise (rowsVisibleIf, columnsVisibleIf), beholdes ikke; alle vises.',
  ),
  'property.enableIf': kind(
    DETAIL,
    'Conditions that make a question read-only (enableIf) are not kept; the question can always be answered.',
    'Vilkår som gjør et spørsmål skrivebeskyttet (enableIf), beholdes ikke; spørsmålet kan alltid besvares.',
  ),
  'property.readOnly': kind(
    DETAIL,
    'Read-only questions (readOnly: true) can be answered in Verdi.',
    'Skrivebeskyttede spørsmål (readOnly: true) kan besvares i Verdi.',
  ),
  'property.defaultValue': kind(
    DETAIL,
    'Default answers (defaultValue, defaultValueExpression) are not kept; the question starts empty.',
    'Forhåndsutfylte svar (defaultValue, defaultValueExpression) beholdes ikke; spørsmålet starter tomt.',
  ),
  'property.setValue': kind(
    DETAIL,
    'Answers set or cleared by expressions (setValueIf, setValueExpression, resetValueIf) are not kept.',
    'Svar som settes eller tømmes av uttrykk (setValueIf, setValueExpression, resetValueIf), beholdes ikke.',
  ),
  'property.validators': kind(
    DETAIL,
    'Validators (ranges, patterns, e-mail checks, expressions) are not kept.',
    'Valideringer (intervaller, mønstre, e-postsjekk, uttrykk) beholdes ikke.',
  ),
  'property.selectedChoices': kind(
    DETAIL,
    'Limits on how many choices may be selected (minSelectedChoices, maxSelectedChoices) are not kept.',
    'Grenser for hvor mange alternativer som kan velges (minSelectedChoices, maxSelectedChoices), beholdes ikke.',
  ),
  'property.correctAnswer': kind(
    COSMETIC,
    'Quiz answers (correctAnswer) are not kept.',
    'Fasitsvar (correctAnswer) beholdes ikke.',
  ),
  'text.max-length': kind(
    DETAIL,
    'Maximum lengths above Verdi’s 20,000 characters were lowered to 20,000.',
    'Maksimale lengder over Verdis 20 000 tegn er senket til 20 000.',
  ),
  'number.bound': kind(
    DETAIL,
    'Lowest or highest numbers (min, max) that are not numbers were dropped.',
    'Laveste eller høyeste tall (min, max) som ikke er tall, er utelatt.',
  ),
  'title.piped': kind(
    DETAIL,
    'Titles that show earlier answers ({name}) are shown as written, braces and all.',
    'Titler som viser tidligere svar ({navn}), vises som de er skrevet, med klammeparentesene.',
  ),
  'boolean.labels': kind(
    DETAIL,
    'Own labels of yes/no questions (labelTrue, labelFalse) are not kept; Verdi shows its own "yes" and "no".',
    'Egne etiketter på ja/nei-spørsmål (labelTrue, labelFalse) beholdes ikke; Verdi viser sitt eget «ja» og «nei».',
  ),
  'rating.too-few': kind(
    CHANGES,
    'Ratings with fewer than two values were left out.',
    'Vurderinger med færre enn to verdier er utelatt.',
  ),
  'rating.words': kind(
    DETAIL,
    'Ratings whose values are not whole numbers are imported as single-choice questions.',
    'Vurderinger med verdier som ikke er hele tall, er importert som enkeltvalg.',
  ),
  'rating.nps-labels': kind(
    DETAIL,
    'Ratings from 0 to 10 are imported as NPS items, which have no labels; their labels are dropped.',
    'Vurderinger fra 0 til 10 er importert som NPS-spørsmål, som ikke har etiketter; etikettene faller bort.',
  ),
  'scale.order': kind(
    COSMETIC,
    'Rating values or matrix columns not in rising order are listed from lowest to highest.',
    'Vurderingsverdier eller matrisekolonner som ikke står i stigende rekkefølge, vises fra lavest til høyest.',
  ),
  'matrix.too-few-columns': kind(
    CHANGES,
    'Matrices with fewer than two columns were left out.',
    'Matriser med færre enn to kolonner er utelatt.',
  ),
  'matrix.rows-as-items': kind(
    COSMETIC,
    'Each row of these matrices is an item of its own (key: matrix name, _, row value), with the matrix title as its help text.',
    'Hver rad i disse matrisene er et eget spørsmål (nøkkel: matrisenavn, _, radverdi), med matrisens tittel som hjelpetekst.',
  ),
  'matrix.word-columns': kind(
    DETAIL,
    'Matrices whose column values are not all whole numbers are imported with the columns as options of single-choice items, not as a scale.',
    'Matriser der ikke alle kolonneverdiene er hele tall, er importert med kolonnene som svaralternativer i enkeltvalg, ikke som skala.',
  ),
  'matrix.required-some': kind(
    CHANGES,
    'SurveyJS asks for at least one row of a required matrix, which Verdi cannot express; every row is required.',
    'SurveyJS krever minst én rad i en obligatorisk matrise, noe Verdi ikke kan uttrykke; hver rad er obligatorisk.',
  ),
  'condition.unanswered': kind(
    CHANGES,
    'These visibleIf conditions are also true while the earlier question is unanswered (e.g. "<>", "!=", "noneof", "empty"): SurveyJS then shows the element, Verdi shows it only once the earlier question is answered.',
    'Disse visibleIf-vilkårene er også sanne mens det tidligere spørsmålet er ubesvart (f.eks. «<>», «!=», «noneof», «empty»): SurveyJS viser da elementet, Verdi viser det først når det tidligere spørsmålet er besvart.',
  ),
  'condition.always-true': kind(
    DETAIL,
    'These visibleIf conditions are true for every answer Verdi keeps (for instance, they only exclude an "Other" choice that was left out); the elements are always shown.',
    'Disse visibleIf-vilkårene er sanne for alle svar Verdi beholder (for eksempel utelukker de bare et «Annet»-svar som er utelatt); elementene vises alltid.',
  ),
  'language.default-english': kind(
    DETAIL,
    'The survey names no language ("locale"), so SurveyJS shows its texts as English: they are stored as English and, since Verdi needs bokmål, copied as bokmål. If the texts are Norwegian, add "locale": "nb" to the file and import it again.',
    'Undersøkelsen oppgir ikke språk («locale»), så SurveyJS viser tekstene som engelsk: de er lagret som engelsk og, fordi Verdi krever bokmål, kopiert som bokmål. Er tekstene norske, legg til "locale": "nb" i fila og importer på nytt.',
  ),
  'language.default-bokmal': kind(
    DETAIL,
    'The survey names no language ("locale") but has English translations, so its untranslated ("default") texts were taken as bokmål; check that they are.',
    'Undersøkelsen oppgir ikke språk («locale»), men har engelske oversettelser, så de uoversatte («default») tekstene er tatt som bokmål; sjekk at de er det.',
  ),
  'language.no-bokmal': kind(
    DETAIL,
    'Texts with no bokmål: the English (or other) text is used as bokmål and should be translated.',
    'Tekster uten bokmål: den engelske (eller en annen) teksten er brukt som bokmål og bør oversettes.',
  ),
  'language.default-dropped': kind(
    DETAIL,
    'Texts under "default" that differ from the texts in the survey’s language and in English beside them are not kept.',
    'Tekster under «default» som avviker fra tekstene på undersøkelsens språk og på engelsk ved siden av, beholdes ikke.',
  ),
  'survey.triggers': kind(
    CHANGES,
    'The survey’s triggers (e.g. ending the survey early, skipping to a question, setting answers) have no counterpart in Verdi; they were left out.',
    'Undersøkelsens utløsere (triggers, f.eks. å avslutte tidlig, hoppe til et spørsmål, sette svar) har ikke noe motstykke i Verdi; de er utelatt.',
  ),
  'survey.calculatedValues': kind(
    DETAIL,
    'The survey’s calculated values have no counterpart in Verdi; they were left out.',
    'Undersøkelsens beregnede verdier (calculatedValues) har ikke noe motstykke i Verdi; de er utelatt.',
  ),
  'survey.completedHtmlOnCondition': kind(
    COSMETIC,
    'Closing pages shown under conditions (completedHtmlOnCondition) have no counterpart in Verdi; they were left out.',
    'Avslutningssider som vises på vilkår (completedHtmlOnCondition), har ikke noe motstykke i Verdi; de er utelatt.',
  ),
  'survey.navigateToUrlOnCondition': kind(
    COSMETIC,
    'Redirects after the survey (navigateToUrlOnCondition) have no counterpart in Verdi; they were left out.',
    'Videresendinger etter undersøkelsen (navigateToUrlOnCondition) har ikke noe motstykke i Verdi; de er utelatt.',
  ),
  'verdi.unreadable': kind(
    DETAIL,
    'The survey’s Verdi properties (verdi: scales, constructs) are not in Verdi’s format; the survey was read from SurveyJS’s own properties only.',
    'Undersøkelsens Verdi-egenskaper (verdi: skalaer, konstrukter) er ikke i Verdis format; undersøkelsen er lest bare fra SurveyJS’ egne egenskaper.',
  ),
  'verdi.property-unreadable': kind(
    DETAIL,
    'These questions have a Verdi property (verdiConstruct, verdiPromptByRole, verdiEasyRead, verdiRoles, verdiShowIf) that is not in Verdi’s format or names an unknown construct; it was left out.',
    'Disse spørsmålene har en Verdi-egenskap (verdiConstruct, verdiPromptByRole, verdiEasyRead, verdiRoles, verdiShowIf) som ikke er i Verdis format eller viser til et ukjent konstrukt; den er utelatt.',
  ),
  'verdi.scale-changed': kind(
    DETAIL,
    'The rating values of these questions no longer match their Verdi scale (verdiScale); the values in SurveyJS were used, without the scale’s “don’t know” answer.',
    'Verdiene i disse vurderingsspørsmålene stemmer ikke lenger med Verdi-skalaen deres (verdiScale); verdiene i SurveyJS er brukt, uten skalaens «vet ikke»-svar.',
  ),
} satisfies Record<string, NoteKind>;

export type StaticNote = keyof typeof NOTES;

/** Question properties Verdi has no counterpart for, and the note each is reported under. */
export const DROPPED_PROPERTIES: Record<string, StaticNote> = {
  requiredIf: 'property.requiredIf',
  enableIf: 'property.enableIf',
  defaultValue: 'property.defaultValue',
  defaultValueExpression: 'property.defaultValue',
  setValueIf: 'property.setValue',
  setValueExpression: 'property.setValue',
  resetValueIf: 'property.setValue',
  validators: 'property.validators',
  choicesByUrl: 'property.choicesByUrl',
  choicesFromQuestion: 'property.choicesFromQuestion',
  choicesVisibleIf: 'property.choicesVisibleIf',
  choicesEnableIf: 'property.choicesVisibleIf',
  minSelectedChoices: 'property.selectedChoices',
  maxSelectedChoices: 'property.selectedChoices',
  rowsVisibleIf: 'property.matrixVisibleIf',
  columnsVisibleIf: 'property.matrixVisibleIf',
  correctAnswer: 'property.correctAnswer',
};

/** Extra choices SurveyJS can add to a choice question (old and new property names), and their notes. */
export const SPECIAL_CHOICES: [string[], StaticNote][] = [
  [['showOtherItem', 'hasOther'], 'choice.other'],
  [['showNoneItem', 'hasNone'], 'choice.none'],
  [['showRefuseItem'], 'choice.refuse'],
  [['showDontKnowItem'], 'choice.dontknow'],
  [['showSelectAllItem', 'hasSelectAll'], 'choice.selectall'],
  [['showCommentArea', 'hasComment'], 'choice.comment'],
];

/** Element types with no counterpart in Verdi: what they are, in both languages, and how much leaving them out matters. */
export const LEFT_OUT: Record<string, NoteKind> = {
  html: kind(DETAIL, 'HTML text blocks', 'HTML-tekstblokker'),
  image: kind(DETAIL, 'Images', 'Bilder'),
  expression: kind(DETAIL, 'Computed values (expression)', 'Beregnede verdier (expression)'),
  file: kind(CHANGES, 'File uploads', 'Filopplastinger'),
  signaturepad: kind(CHANGES, 'Signatures', 'Signaturer'),
  paneldynamic: kind(
    CHANGES,
    'Repeating groups of questions (paneldynamic)',
    'Gjentatte spørsmålsgrupper (paneldynamic)',
  ),
  matrixdropdown: kind(
    CHANGES,
    'Matrices of drop-downs (matrixdropdown)',
    'Matriser med nedtrekkslister (matrixdropdown)',
  ),
  matrixdynamic: kind(
    CHANGES,
    'Matrices with rows added by the respondent (matrixdynamic)',
    'Matriser der den som svarer legger til rader (matrixdynamic)',
  ),
  multipletext: kind(
    CHANGES,
    'Questions with several text boxes (multipletext)',
    'Spørsmål med flere tekstfelt (multipletext)',
  ),
  ranking: kind(CHANGES, 'Ranking questions', 'Rangeringsspørsmål'),
};

export function leftOutNote(type: string): NoteKind {
  const known = LEFT_OUT[type];
  const what = known?.message ?? {
    en: `Elements of type "${type || 'unknown'}"`,
    nb: `Elementer av typen «${type || 'ukjent'}»`,
  };
  return kind(
    known?.severity ?? CHANGES,
    `${what.en} have no counterpart in Verdi; they were left out.`,
    `${what.nb} har ikke noe motstykke i Verdi; de er utelatt.`,
  );
}

export function inputTypeNote(inputType: string): NoteKind {
  return kind(
    DETAIL,
    `Text questions with input type "${inputType}" are imported as free text.`,
    `Tekstspørsmål med inndatatypen «${inputType}» er importert som fritekst.`,
  );
}

export function otherLanguageNote(language: string): NoteKind {
  return kind(
    DETAIL,
    `Texts in the language "${language}" are not kept: Verdi holds bokmål, nynorsk and English.`,
    `Tekster på språket «${language}» beholdes ikke: Verdi har bokmål, nynorsk og engelsk.`,
  );
}

const REASONS: Record<ExpressionReason, NoteText> = {
  invalid: {
    en: 'SurveyJS cannot read (so SurveyJS never shows the element)',
    nb: 'SurveyJS ikke kan lese (så SurveyJS viser aldri elementet)',
  },
  function: {
    en: 'call functions (such as age() or iif())',
    nb: 'kaller funksjoner (som age() eller iif())',
  },
  arithmetic: { en: 'calculate (+, -, *, /)', nb: 'regner (+, -, *, /)' },
  'two-answers': { en: 'compare two answers with each other', nb: 'sammenligner to svar med hverandre' },
  'several-questions': {
    en: 'look at answers to several questions (Verdi’s show-if looks at one)',
    nb: 'ser på svar på flere spørsmål (Verdis vis-hvis ser på ett)',
  },
  'unknown-question': {
    en: 'refer to a name the survey does not have (a variable or a calculated value)',
    nb: 'viser til et navn undersøkelsen ikke har (en variabel eller beregnet verdi)',
  },
  'later-question': {
    en: 'refer to a question that does not come before the element',
    nb: 'viser til et spørsmål som ikke kommer før elementet',
  },
  'not-imported-question': {
    en: 'refer to a question that was not taken over',
    nb: 'viser til et spørsmål som ikke er tatt over',
  },
  'whole-matrix': {
    en: 'refer to a whole matrix (Verdi compares one row at a time)',
    nb: 'viser til en hel matrise (Verdi sammenligner én rad om gangen)',
  },
  'text-question': {
    en: 'look at a free-text answer',
    nb: 'ser på et fritekstsvar',
  },
  'number-form': {
    en: 'test a number in a way Verdi cannot express (it compares a number with =, > or <)',
    nb: 'tester et tall på en måte Verdi ikke kan uttrykke (Verdi sammenligner tall med =, > eller <)',
  },
  combination: {
    en: 'ask for a combination of choices (Verdi’s show-if asks whether any of some choices was chosen)',
    nb: 'krever en kombinasjon av valg (Verdis vis-hvis spør om noen av enkelte alternativer er valgt)',
  },
  'never-true': {
    en: 'are never true for any answer (so SurveyJS never shows the element)',
    nb: 'aldri er sanne for noe svar (så SurveyJS viser aldri elementet)',
  },
  'only-unanswered': {
    en: 'are true only while the earlier question is unanswered',
    nb: 'bare er sanne mens det tidligere spørsmålet er ubesvart',
  },
};

export function conditionNote(reason: ExpressionReason): NoteKind {
  const why = REASONS[reason];
  return kind(
    CHANGES,
    `visibleIf conditions that ${why.en} cannot be expressed in Verdi; these elements are always shown.`,
    `visibleIf-vilkår som ${why.nb}, kan ikke uttrykkes i Verdi; disse elementene vises alltid.`,
  );
}
