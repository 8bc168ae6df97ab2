import { describe, expect, it } from 'vitest';
import { ImportNotes, NoteSeverity, noteSentence } from './import-notes.js';

const text = (en: string) => ({ nb: `nb: ${en}`, en });

describe('import notes', () => {
  it('report a loss met in many fields once, with each field once', () => {
    const notes = new ImportNotes();
    for (const field of ['a', 'b', 'a', 'c']) notes.add('k', NoteSeverity.LOSES_DETAIL, text('Lost.'), field);
    expect(notes.list()).toEqual([
      { kind: 'k', severity: NoteSeverity.LOSES_DETAIL, message: text('Lost.'), fields: ['a', 'b', 'c'] },
    ]);
  });

  it('rank what changes the questionnaire first, then by the number of fields, then in the order met', () => {
    const notes = new ImportNotes();
    notes.add('cosmetic', NoteSeverity.COSMETIC, text('c'), 'x');
    notes.add('detail-1', NoteSeverity.LOSES_DETAIL, text('d1'), 'x');
    notes.add('detail-3', NoteSeverity.LOSES_DETAIL, text('d3'), 'x');
    notes.add('detail-3', NoteSeverity.LOSES_DETAIL, text('d3'), 'y');
    notes.add('detail-1b', NoteSeverity.LOSES_DETAIL, text('d1b'), 'z');
    notes.add('changes', NoteSeverity.CHANGES_QUESTIONNAIRE, text('q'), 'z');
    expect(notes.list().map((n) => n.kind)).toEqual([
      'changes',
      'detail-3',
      'detail-1',
      'detail-1b',
      'cosmetic',
    ]);
  });

  it('write a note as one sentence naming a dozen fields and how many more', () => {
    const notes = new ImportNotes();
    for (let i = 1; i <= 14; i++) notes.add('k', NoteSeverity.COSMETIC, text('Became text.'), `f${i}`);
    const [note] = notes.list();
    expect(noteSentence(note!, 'en')).toBe(
      'Became text. Fields: f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12 and 2 more.',
    );
    expect(noteSentence(note!, 'nb')).toBe(
      'nb: Became text. Felt: f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12 og 2 til.',
    );
  });
});
