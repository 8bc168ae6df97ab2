import { describe, expect, it } from 'vitest';
import { asSeenBy } from '../responses/survey.service.js';
import { canonicalDefinition } from './definition.canonical.js';
import { missingInDefinition } from './definition.languages.js';
import { DefinitionProblemCode, problemsOf } from './definition.rules.js';
import { RespondentRole, type InstrumentDefinition, type Item } from './definition.types.js';
import { sampleDefinition } from './test/sample-definition.js';

/** The sample instrument with `change` applied to its item `hope_1` (which has wordings for two roles). */
function withHope(change: (item: Item) => void): InstrumentDefinition {
  const definition = sampleDefinition();
  const item = definition.sections.flatMap((s) => s.items).find((i) => i.key === 'hope_1')!;
  change(item);
  return definition;
}

const codes = (definition: InstrumentDefinition) => problemsOf(definition).map((p) => [p.code, p.path]);

describe('easy-read wording in a definition', () => {
  it('is accepted in exactly the languages of the text it varies', () => {
    const definition = withHope((item) => {
      item.easyRead = { nb: 'Du får håp', en: 'You get hope' };
      item.promptByRole![1]!.easyRead = { nb: 'Du gir håp', en: 'You give hope' };
    });
    expect(problemsOf(definition)).toEqual([]);
  });

  it('names the item and the language an easy-read text lacks or has too many of', () => {
    const missing = withHope((item) => (item.easyRead = { nb: 'Du får håp' }));
    expect(problemsOf(missing)).toEqual([
      expect.objectContaining({
        code: DefinitionProblemCode.EASY_READ_LANGUAGES,
        item: 'hope_1',
        path: 'sections[1].items[0].easyRead',
        message: 'Item hope_1: the easy-read wording has no text in en',
      }),
    ]);
    const extra = withHope((item) => (item.easyRead = { nb: 'Du får håp', nn: 'Du får von', en: 'Hope' }));
    expect(problemsOf(extra)[0]!.message).toBe(
      'Item hope_1: the easy-read wording has text in nn, which the standard wording lacks',
    );
    // Blank is not a text: an easy-read text of spaces in English is missing in English.
    const blank = withHope((item) => (item.easyRead = { nb: 'Du får håp', en: '  \n ' }));
    expect(codes(blank)).toEqual([
      [DefinitionProblemCode.EASY_READ_LANGUAGES, 'sections[1].items[0].easyRead'],
    ]);
    const noBokmal = withHope((item) => (item.easyRead = { nb: '', en: 'Hope' }));
    expect(problemsOf(noBokmal)[0]!.params).toEqual([
      { name: 'key', value: 'hope_1' },
      { name: 'missing', value: 'nb' },
      { name: 'extra', value: '–' },
    ]);
  });

  it("checks a role's easy-read wording against that role's wording, naming the role", () => {
    const definition = withHope((item) => (item.promptByRole![0]!.easyRead = { nb: 'Brukerne får håp' }));
    expect(problemsOf(definition)).toEqual([
      expect.objectContaining({
        code: DefinitionProblemCode.EASY_READ_LANGUAGES,
        path: 'sections[1].items[0].promptByRole[0].easyRead',
        message: 'Item hope_1: the easy-read PROFESSIONAL wording has no text in en',
      }),
    ]);
  });

  it('keeps the item keys wording and assisted… for the export variables', () => {
    for (const key of ['wording', 'assisted', 'assisted_read_aloud', 'assisted2']) {
      const definition = withHope((item) => (item.key = key));
      expect(codes(definition)).toEqual([
        [DefinitionProblemCode.ITEM_KEY_RESERVED, 'sections[1].items[0].key'],
      ]);
    }
    for (const key of ['assist', 'wordings', 'my_wording']) {
      expect(problemsOf(withHope((item) => (item.key = key)))).toEqual([]);
    }
  });

  it('is seen by the nynorsk completeness check, in the item and in each role wording', () => {
    const definition = withHope((item) => {
      item.easyRead = { nb: 'Du får håp', en: 'You get hope' };
      item.promptByRole![1]!.easyRead = { nb: 'Du gir håp', en: 'You give hope' };
    });
    const paths = missingInDefinition(definition, 'nn')
      .filter((m) => m.item === 'hope_1')
      .map((m) => m.path);
    expect(paths).toContain('sections[1].items[0].easyRead');
    expect(paths).toContain('sections[1].items[0].easyRead.CONSULTANT');
  });

  it('survives the canonical form, and an empty one is left out', () => {
    const definition = withHope((item) => {
      item.easyRead = { nb: ' Du får håp ', en: 'You get hope' };
      item.promptByRole![1]!.easyRead = { nb: 'Du gir håp', en: 'You give hope' };
      item.promptByRole![0]!.easyRead = null;
    });
    const item = canonicalDefinition(definition).sections[1]!.items[0]!;
    expect(item.easyRead).toEqual({ nb: 'Du får håp', en: 'You get hope' });
    expect(item.promptByRole![0]).not.toHaveProperty('easyRead');
    expect(item.promptByRole![1]!.easyRead).toEqual({ nb: 'Du gir håp', en: 'You give hope' });
    expect(canonicalDefinition(canonicalDefinition(definition))).toEqual(canonicalDefinition(definition));
  });
});

describe('the easy-read wording a role is offered', () => {
  const item = withHope((i) => {
    i.easyRead = { nb: 'Du får håp', en: 'You get hope' };
    i.promptByRole![1]!.easyRead = { nb: 'Du gir håp', en: 'You give hope' };
  }).sections[1]!.items[0]!;

  it("is the item's where the role has no wording of its own", () => {
    expect(asSeenBy(item, RespondentRole.SERVICE_USER).easyRead).toEqual({
      nb: 'Du får håp',
      en: 'You get hope',
    });
  });

  it("is only the role wording's own, never the item's, where the role has a wording", () => {
    expect(asSeenBy(item, RespondentRole.CONSULTANT)).toMatchObject({
      prompt: { nb: 'Jeg gir brukerne håp' },
      easyRead: { nb: 'Du gir håp' },
    });
    // The professional's wording has no easy-read text: no easy-read, rather than the service users' question.
    expect(asSeenBy(item, RespondentRole.PROFESSIONAL).easyRead).toBeNull();
  });
});
