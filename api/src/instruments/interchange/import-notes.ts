/**
 * What an import could not take over, reported once per kind of loss with every field it touched, ranked so that what
 * changes the questionnaire comes first. Every importer (REDCap, SurveyJS, and those to come) reports through this.
 */
import type { InstrumentDocument } from './verdi-json.js';

/** How much a loss matters to the researcher, most first. */
export enum NoteSeverity {
  /** Participants would be asked something else, or differently: a question, a condition or an option is gone or changed. */
  CHANGES_QUESTIONNAIRE = 'CHANGES_QUESTIONNAIRE',
  /** The questions stay, but something about them is lost: validation, a default, a read-only mark, a translation. */
  LOSES_DETAIL = 'LOSES_DETAIL',
  /** Only form or metadata: layout, HTML, a renamed key. */
  COSMETIC = 'COSMETIC',
}

const ORDER: NoteSeverity[] = [
  NoteSeverity.CHANGES_QUESTIONNAIRE,
  NoteSeverity.LOSES_DETAIL,
  NoteSeverity.COSMETIC,
];

/** A sentence in bokmål and English; `fields` is the list of field names the note is about. */
export interface NoteText {
  nb: string;
  en: string;
}

/** One kind of loss: what happened, in both languages, and where. */
export interface ImportNote {
  /** A stable key for the kind of loss, e.g. `redcap.action-tag.calctext`; tests and the web app can rely on it. */
  kind: string;
  severity: NoteSeverity;
  /** The sentence for the researcher, without the list of fields. */
  message: NoteText;
  /** The source's field (or element) names the note is about, in the order they were met, each once. */
  fields: string[];
}

/** What every importer returns: the instrument, and what it could not take over. */
export interface ImportResult extends InstrumentDocument {
  notes: ImportNote[];
}

/**
 * Collects notes during an import. `add` with the same kind again adds the field to the existing note, so a loss met
 * in 300 fields is one note with 300 field names, not 300 sentences.
 */
export class ImportNotes {
  private readonly byKind = new Map<string, ImportNote>();

  add(kind: string, severity: NoteSeverity, message: NoteText, field?: string | null): void {
    let note = this.byKind.get(kind);
    if (!note) {
      note = { kind, severity, message, fields: [] };
      this.byKind.set(kind, note);
    }
    if (field && !note.fields.includes(field)) note.fields.push(field);
  }

  get size(): number {
    return this.byKind.size;
  }

  /** The notes, what changes the questionnaire first, then by how many fields each touches, then in the order met. */
  list(): ImportNote[] {
    const met = [...this.byKind.values()];
    return met
      .map((note, index) => ({ note, index }))
      .sort(
        (a, b) =>
          ORDER.indexOf(a.note.severity) - ORDER.indexOf(b.note.severity) ||
          b.note.fields.length - a.note.fields.length ||
          a.index - b.index,
      )
      .map(({ note }) => note);
  }
}

const SHOWN_FIELDS = 12;

/** One note as one sentence in the language, with the fields it is about (the first dozen, and how many more). */
export function noteSentence(note: ImportNote, language: 'nb' | 'en' = 'nb'): string {
  const message = note.message[language];
  if (note.fields.length === 0) return message;
  const shown = note.fields.slice(0, SHOWN_FIELDS).join(', ');
  const more = note.fields.length - SHOWN_FIELDS;
  const rest = more > 0 ? (language === 'nb' ? ` og ${more} til` : ` and ${more} more`) : '';
  const label = language === 'nb' ? 'Felt' : note.fields.length === 1 ? 'Field' : 'Fields';
  return `${message} ${label}: ${shown}${rest}.`;
}
