import { describe, expect, it } from 'vitest';
import { completeLanguages } from './definition.languages.js';
import { placeholdersIn } from './definition.piping.js';
import { planVariables } from '../exports/export.plan.js';
import { problemsOf } from './definition.rules.js';
import { ItemType, RespondentRole, type InstrumentDefinition, type Item } from './definition.types.js';

const ALL = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];
const plain = { roles: ALL, required: false, reverseScored: false };

/** Page 1 asks where and what happened; page 2 shows both answers in its question. */
function pipedDefinition(): InstrumentDefinition {
  return {
    scales: [],
    constructs: [],
    sections: [
      {
        key: 'first',
        title: { nb: 'Først', nn: 'Først', en: 'First' },
        items: [
          {
            ...plain,
            key: 'workplace',
            type: ItemType.SINGLE_CHOICE,
            prompt: { nb: 'Hvor jobber du?', nn: 'Kvar jobbar du?', en: 'Where do you work?' },
            options: [
              { key: 'team', label: { nb: 'Ambulant team', nn: 'Ambulant team', en: 'Outreach team' } },
              { key: 'housing', label: { nb: 'Bolig', nn: 'Bustad', en: 'Housing' } },
            ],
          },
          {
            ...plain,
            key: 'story',
            type: ItemType.TEXT,
            prompt: { nb: 'Hva skjedde?', nn: 'Kva skjedde?', en: 'What happened?' },
          },
        ],
      },
      {
        key: 'second',
        title: { nb: 'Så', nn: 'Så', en: 'Then' },
        items: [
          {
            ...plain,
            key: 'follow',
            type: ItemType.TEXT,
            prompt: {
              nb: 'Hva lærte du i {{ workplace }} av «{{story|det som skjedde}}»?',
              nn: 'Kva lærte du i {{workplace}} av «{{story|det som hende}}»?',
              en: 'What did you learn at {{workplace}} from “{{story|what happened}}”?',
            },
            help: { nb: 'Om {{workplace}}.', nn: 'Om {{workplace}}.', en: 'About {{workplace}}.' },
          },
        ],
      },
    ],
  };
}

function follow(definition: InstrumentDefinition): Item {
  return definition.sections[1]!.items[0]!;
}

function problemsAfter(change: (definition: InstrumentDefinition) => void) {
  const definition = pipedDefinition();
  change(definition);
  return problemsOf(definition).map(({ code, path, item, params, message }) => ({
    code,
    path,
    item,
    params: Object.fromEntries(params.map((p) => [p.name, p.value])),
    message,
  }));
}

describe('placeholders in a text', () => {
  it('reads the key and the fallback, with spaces around them', () => {
    expect(placeholdersIn('A {{ key_1 }} and {{other | if none }} and {{x|}}')).toEqual({
      placeholders: [
        { key: 'key_1', fallback: null },
        { key: 'other', fallback: 'if none' },
        { key: 'x', fallback: '' },
      ],
      stray: false,
    });
  });

  it('takes single braces as ordinary text and flags a lone or unclosed double brace', () => {
    expect(placeholdersIn('a { b } c {x}')).toEqual({ placeholders: [], stray: false });
    expect(placeholdersIn('a {{b')).toMatchObject({ placeholders: [], stray: true });
    expect(placeholdersIn('a b}}')).toMatchObject({ placeholders: [], stray: true });
    expect(placeholdersIn('{{a|{{b}}}}')).toMatchObject({ stray: true });
    expect(placeholdersIn('line\n{{a}}\n')).toEqual({
      placeholders: [{ key: 'a', fallback: null }],
      stray: false,
    });
  });
});

describe('the rules of piping', () => {
  it('accept answers from an earlier page in every text and language, fallback and all', () => {
    expect(problemsOf(pipedDefinition())).toEqual([]);
    // The fallback is part of the text: a language is complete with it as with any other words.
    expect(completeLanguages(pipedDefinition())).toEqual(['nb', 'nn', 'en']);
  });

  it('accept a role wording and an easy-read wording that show an earlier answer', () => {
    expect(
      problemsAfter((d) => {
        follow(d).easyRead = { nb: 'Om {{workplace}}?', nn: 'Om {{workplace}}?', en: 'About {{workplace}}?' };
        follow(d).promptByRole = [
          {
            role: RespondentRole.CONSULTANT,
            text: { nb: 'Du i {{workplace}}?', nn: 'Du i {{workplace}}?', en: 'You at {{workplace}}?' },
            easyRead: { nb: '{{story}}?', nn: '{{story}}?', en: '{{story}}?' },
          },
        ];
      }),
    ).toEqual([]);
  });

  it('refuse an item that does not exist, naming the item, the text and the language', () => {
    expect(problemsAfter((d) => (follow(d).prompt.nn = 'Kva med {{workplce}}?'))).toEqual([
      {
        code: 'PIPE_UNKNOWN_ITEM',
        path: 'sections[1].items[0].prompt.nn',
        item: 'follow',
        params: { key: 'follow', language: 'nn', target: 'workplce' },
        message: 'Item follow: the nn text of prompt shows the answer to workplce, which does not exist',
      },
    ]);
  });

  it('refuse the item itself, a later item and one on the same page', () => {
    const self = problemsAfter((d) => (follow(d).help = { nb: 'Du skrev {{follow}}' }));
    expect(self).toMatchObject([
      { code: 'PIPE_NOT_EARLIER', path: 'sections[1].items[0].help.nb', params: { target: 'follow' } },
    ]);
    const later = problemsAfter((d) => (d.sections[0]!.items[0]!.prompt.en = 'Where, after {{follow}}?'));
    expect(later).toMatchObject([
      {
        code: 'PIPE_NOT_EARLIER',
        item: 'workplace',
        path: 'sections[0].items[0].prompt.en',
        message:
          'Item workplace: the en text of prompt shows the answer to follow, which is not on an earlier page',
      },
    ]);
    const samePage = problemsAfter(
      (d) => (d.sections[0]!.items[1]!.prompt.nb = 'Hva skjedde i {{workplace}}?'),
    );
    expect(samePage).toMatchObject([
      { code: 'PIPE_NOT_EARLIER', item: 'story', params: { target: 'workplace' } },
    ]);
  });

  it('refuse unclosed braces, an empty key and a key that is no item key, in role and easy-read wordings too', () => {
    expect(
      problemsAfter((d) => {
        follow(d).prompt.en = 'What about {{workplace?';
        follow(d).prompt.nb = 'Hva med {{ }}?';
        follow(d).promptByRole = [
          { role: RespondentRole.PROFESSIONAL, text: { nb: 'Og {{|ingen}}' }, easyRead: { nb: 'Lett }}' } },
        ];
      }).map(({ code, path }) => ({ code, path })),
    ).toEqual([
      { code: 'PIPE_MALFORMED', path: 'sections[1].items[0].prompt.nb' },
      { code: 'PIPE_MALFORMED', path: 'sections[1].items[0].prompt.en' },
      { code: 'PIPE_MALFORMED', path: 'sections[1].items[0].promptByRole[0].text.nb' },
      { code: 'PIPE_MALFORMED', path: 'sections[1].items[0].promptByRole[0].easyRead.nb' },
    ]);
    expect(problemsAfter((d) => (follow(d).prompt.en = 'About {{Work Place}}'))).toMatchObject([
      { code: 'PIPE_UNKNOWN_ITEM', params: { target: 'Work Place' } },
    ]);
  });

  it('take single braces, JSON-like text and a placeholder named twice as they are', () => {
    expect(
      problemsAfter((d) => {
        follow(d).prompt.nb = 'Mengden {x} eller { "a": 1 } i {{workplace}} og {{workplace|et sted}}';
      }),
    ).toEqual([]);
    expect(problemsAfter((d) => (follow(d).prompt.en = '{{nope}} and {{nope}}'))).toHaveLength(1);
  });
});

describe('piping in exports', () => {
  it('keeps the template as the variable label in every language, as the codebook shows it', () => {
    const follow = planVariables([pipedDefinition()]).find((variable) => variable.name === 'follow')!;
    expect(follow.label).toMatchObject({
      nb: 'Hva lærte du i {{ workplace }} av «{{story|det som skjedde}}»?',
      en: 'What did you learn at {{workplace}} from “{{story|what happened}}”?',
    });
  });
});
