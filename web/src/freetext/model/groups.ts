import type { FreeTextAnswersQuery, RespondentRole } from '@verdi/schema/generated';

export type FreeTextQuestion = FreeTextAnswersQuery['freeTextQuestions'][number];
export type FreeTextAnswer = FreeTextAnswersQuery['freeTextAnswers'][number];
type Localized = { nb: string; en?: string | null; nn?: string | null };

export const ROLE_ORDER: readonly RespondentRole[] = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'];

/** A text in the reader's language, or in bokmål where it has none. */
export function localized(text: Localized, locale: string): string {
  const own = locale === 'en' ? text.en : locale === 'nn' ? text.nn : text.nb;
  return own?.trim() ? own : text.nb;
}

export interface FreeTextRoleGroup {
  role: RespondentRole;
  /** The role's own wording, where the item has one that differs from the question's. */
  wording: string | null;
  answers: FreeTextAnswer[];
}

export interface FreeTextGroup {
  item: string;
  /** The question's text as the reader's language has it; the item key where the instrument has no such item. */
  question: string;
  section: string | null;
  roles: FreeTextRoleGroup[];
  count: number;
}

/**
 * Answers under the question that asked them, in questionnaire order, then per role in a fixed order. Questions
 * nobody answered are left out; answers to an item the instrument does not list still show, under their key.
 */
export function groupFreeText(
  questions: readonly FreeTextQuestion[],
  answers: readonly FreeTextAnswer[],
  locale: string,
): FreeTextGroup[] {
  const byItem = new Map<string, FreeTextAnswer[]>();
  for (const answer of answers) byItem.set(answer.item, [...(byItem.get(answer.item) ?? []), answer]);
  const known = [...questions].sort((a, b) => a.position - b.position);
  const unknown = [...byItem.keys()].filter((item) => !known.some((q) => q.item === item)).sort();
  const groups: FreeTextGroup[] = [];
  for (const question of known) {
    const list = byItem.get(question.item);
    if (!list) continue;
    const text = localized(question.prompt, locale);
    groups.push({
      item: question.item,
      question: text,
      section: localized(question.section, locale),
      roles: roleGroups(list, (role) => {
        const own = question.promptByRole.find((p) => p.role === role);
        const wording = own ? localized(own.text, locale) : null;
        return wording && wording !== text ? wording : null;
      }),
      count: list.length,
    });
  }
  for (const item of unknown) {
    const list = byItem.get(item)!;
    groups.push({
      item,
      question: item,
      section: null,
      roles: roleGroups(list, () => null),
      count: list.length,
    });
  }
  return groups;
}

function roleGroups(
  answers: readonly FreeTextAnswer[],
  wording: (role: RespondentRole) => string | null,
): FreeTextRoleGroup[] {
  return ROLE_ORDER.map((role) => ({
    role,
    wording: wording(role),
    answers: answers.filter((a) => a.role === role),
  })).filter((group) => group.answers.length > 0);
}
