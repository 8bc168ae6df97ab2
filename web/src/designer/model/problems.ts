import type { DefinitionProblemFieldsFragment } from '@verdi/schema/generated';
import type { DefinitionLayout, EditDefinition } from './editable';
import { itemPlaces } from './operations';

export type DefinitionProblem = DefinitionProblemFieldsFragment;

/** What a problem is about, in the designer's terms: an entry by its uid, and the field within it. */
export type ProblemTarget =
  | { kind: 'item'; uid: string; field: string }
  | { kind: 'section'; uid: string; field: string }
  | { kind: 'scale'; uid: string; field: string }
  | { kind: 'construct'; uid: string; field: string }
  | { kind: 'definition'; field: string };

export interface LocatedProblem {
  /** Position in the server's list: stable for as long as the list is shown. */
  id: number;
  problem: DefinitionProblem;
  target: ProblemTarget;
}

const sectionPath = /^sections\[(\d+)\](?:\.items\[(\d+)\])?\.?(.*)$/;
const listPath = /^(scales|constructs)\[(\d+)\]\.?(.*)$/;

/**
 * Finds what each problem is about. Its path (`sections[1].items[0].showIf`) counts positions in the definition
 * as it was sent, which `layout` remembers, so problems stay with their entries while the user moves them
 * around. An item that is no longer where it was is found again by the key the problem names.
 */
export function locateProblems(
  problems: readonly DefinitionProblem[],
  layout: DefinitionLayout,
  definition: EditDefinition,
): LocatedProblem[] {
  const itemUids = new Set(itemPlaces(definition).map((place) => place.item.uid));
  const byKey = (key: string | null) =>
    itemPlaces(definition).find((place) => place.item.key === key)?.item.uid;
  return problems.map((problem, id) => {
    const section = sectionPath.exec(problem.path);
    if (section) {
      const [, s, i, field = ''] = section;
      const sectionLayout = layout.sections[Number(s)];
      if (i !== undefined) {
        const uid = sectionLayout?.items[Number(i)];
        const found = uid && itemUids.has(uid) ? uid : byKey(problem.item);
        if (found) return { id, problem, target: { kind: 'item', uid: found, field } };
      } else if (
        sectionLayout &&
        definition.sections.some((candidate) => candidate.uid === sectionLayout.uid)
      ) {
        return { id, problem, target: { kind: 'section', uid: sectionLayout.uid, field } };
      }
      return { id, problem, target: { kind: 'definition', field: problem.path } };
    }
    const list = listPath.exec(problem.path);
    if (list) {
      const [, kind, index, field = ''] = list;
      const uid = kind === 'scales' ? layout.scales[Number(index)] : layout.constructs[Number(index)];
      const entries = kind === 'scales' ? definition.scales : definition.constructs;
      if (uid && entries.some((entry) => entry.uid === uid)) {
        return { id, problem, target: { kind: kind === 'scales' ? 'scale' : 'construct', uid, field } };
      }
    }
    return { id, problem, target: { kind: 'definition', field: problem.path } };
  });
}

/** The problems about one entry, optionally only those about one field (`prompt`) and what is inside it. */
export function problemsFor(
  located: readonly LocatedProblem[],
  uid: string,
  field?: string,
): LocatedProblem[] {
  return located.filter((entry) => {
    if (entry.target.kind === 'definition' || entry.target.uid !== uid) return false;
    if (field === undefined) return true;
    const own = entry.target.field;
    return own === field || own.startsWith(`${field}.`) || own.startsWith(`${field}[`);
  });
}

/** vue-i18n's `t` and `te`, as far as problems need them. */
export interface Translator {
  t: (key: string, named: Record<string, unknown>) => string;
  te: (key: string) => boolean;
}

/** Parameters that hold an enum value, and the message group that words it. */
const wordedParams: Record<string, string> = {
  type: 'designer.types',
  role: 'designer.roles',
  kind: 'designer.kinds',
  otherKind: 'designer.kinds',
  op: 'designer.operators',
  field: 'designer.fields',
  language: 'designer.languages',
};

/**
 * A problem in the user's language, from its code and parameters. The API's English message is only a fallback,
 * for a code this build of the designer does not know yet.
 */
export function problemMessage(problem: DefinitionProblem, { t, te }: Translator): string {
  const key = `designer.problemCodes.${problem.code}`;
  if (!te(key)) return problem.message;
  const named: Record<string, string> = {};
  for (const { name, value } of problem.params) {
    const group = wordedParams[name];
    const worded = group ? `${group}.${value}` : null;
    if (worded && te(worded)) named[name] = t(worded, {});
    else if (value === 'Infinity' || value === '-Infinity') named[name] = value.startsWith('-') ? '−∞' : '∞';
    else named[name] = value;
  }
  return t(key, named);
}

/** The messages of a list of problems as one text, for a field's error line. */
export function problemText(located: readonly LocatedProblem[], translator: Translator): string | null {
  return located.length > 0
    ? located.map((entry) => problemMessage(entry.problem, translator)).join(' ')
    : null;
}

const listIndex = /^(scales|constructs|sections)\[(\d+)\]/;

/** Where a problem is, in words, for lists that show problems away from the editor (publishing, import). */
export function problemPlace(problem: DefinitionProblem, { t }: Translator): string {
  const param = (name: string) => problem.params.find((entry) => entry.name === name)?.value;
  if (problem.item) return t('designer.problems.atItemKey', { key: problem.item });
  const [, list, index] = listIndex.exec(problem.path) ?? [];
  if (list === 'scales')
    return t('designer.problems.atScale', { key: param('scale') ?? param('key') ?? '–' });
  if (list === 'constructs')
    return t('designer.problems.atConstruct', { key: param('construct') ?? param('key') ?? '–' });
  if (list === 'sections') return t('designer.problems.atSection', { number: Number(index) + 1 });
  return t('designer.problems.atInstrument', {});
}
