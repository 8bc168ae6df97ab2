import { describe, expect, it } from 'vitest';
import { fakeRound } from '../test/roundsApi';
import { checkEdit, missingTextsOf, toUpdateRoundInput, valuesOf } from './useEditRound';

describe("the round form's languages", () => {
  const round = fakeRound({
    languages: ['nb', 'nn'],
    defaultLanguage: 'nn',
    information: { nb: 'Informasjon.', nn: 'Informasjon på nynorsk.', en: null },
  });

  it('keep the nynorsk texts and send the languages in order, with a default among them', () => {
    const values = valuesOf(round);
    expect(values.informationNn).toBe('Informasjon på nynorsk.');
    values.languages = ['en', 'nb'];
    const input = toUpdateRoundInput(values);
    expect(input.information).toEqual({ nb: 'Informasjon.', nn: 'Informasjon på nynorsk.' });
    expect(input.languages).toEqual(['nb', 'en']);
    // nynorsk is no longer offered: the default moves to bokmål.
    expect(input.defaultLanguage).toBe('nb');
  });

  it('need at least one language', () => {
    const values = { ...valuesOf(round), languages: [] };
    expect(checkEdit(values, false).languages).toEqual({ kind: 'noLanguage' });
  });

  it("word the API's list of missing texts: the languages and the first items", () => {
    const missing = ['q1', 'q1', 'q2', 'q3', 'q4'].map((item) => ({ item, path: 'x', language: 'nn' }));
    expect(
      missingTextsOf({ missing: [{ item: null, path: 'information', language: 'nn' }, ...missing] }),
    ).toEqual({
      kind: 'missingTexts',
      languages: ['nn'],
      items: ['information', 'q1', 'q2'],
      more: 2,
    });
    expect(missingTextsOf({})).toBeNull();
  });

  it('send the easy-read information in the languages given, and none when all are empty', () => {
    const values = valuesOf(
      fakeRound({ ...round, informationEasyRead: { nb: 'Lett.', nn: 'Lett (nn).', en: null } }),
    );
    expect(values.easyReadNn).toBe('Lett (nn).');
    expect(toUpdateRoundInput(values).informationEasyRead).toEqual({ nb: 'Lett.', nn: 'Lett (nn).' });
    expect(checkEdit(values, true)).toEqual({});
    const cleared = { ...values, easyReadNb: ' ', easyReadNn: '' };
    expect(toUpdateRoundInput(cleared).informationEasyRead).toBeNull();
    expect(checkEdit(cleared, true)).toEqual({});
  });

  it('need the easy-read information in exactly the languages of the information', () => {
    const values = { ...valuesOf(round), easyReadNb: 'Lett.', easyReadEn: 'Easy.' };
    expect(checkEdit(values, false)).toEqual({
      easyReadNn: { kind: 'easyReadLanguage' },
      easyReadEn: { kind: 'easyReadLanguage' },
    });
    // An open round may not be given a [placeholder] in it either.
    const placeholder = { ...valuesOf(round), easyReadNb: 'Lett [navn].', easyReadNn: 'Lett.' };
    expect(checkEdit(placeholder, true).easyReadNb).toMatchObject({ kind: 'placeholders' });
  });
});
