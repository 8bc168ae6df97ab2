import type { RespondentRole } from '@verdi/schema/generated';
import { localized, localizedLanguage } from './texts';
import type { Answer, Answers, SurveyItemDefinition, SurveyLanguage, SurveySection } from './types';

/** Whether the item is asked of this role at all. */
export function isForRole(item: Pick<SurveyItemDefinition, 'roles'>, role: RespondentRole): boolean {
  return item.roles.includes(role);
}

/** The question as this role reads it: the role's own wording when it has one, in `language`, else bokmål. */
export function promptFor(
  item: Pick<SurveyItemDefinition, 'prompt' | 'promptByRole'>,
  role: RespondentRole,
  language: SurveyLanguage,
): string {
  const own = item.promptByRole?.find((wording) => wording.role === role);
  return localized(own?.text ?? item.prompt, language);
}

/** The language `promptFor` answers in for this role: see `localizedLanguage`. */
export function promptLanguageFor(
  item: Pick<SurveyItemDefinition, 'prompt' | 'promptByRole'>,
  role: RespondentRole,
  language: SurveyLanguage,
): SurveyLanguage {
  const own = item.promptByRole?.find((wording) => wording.role === role);
  return localizedLanguage(own?.text ?? item.prompt, language);
}

function matches(answer: Answer, op: NonNullable<SurveyItemDefinition['showIf']>): boolean {
  const [first] = op.values;
  switch (answer.kind) {
    case 'choices':
      // A multiple-choice answer "equals" an option when that option is among those chosen.
      if (op.op === 'EQUALS') return first !== undefined && answer.value.includes(first);
      if (op.op === 'ONE_OF') return op.values.some((value) => answer.value.includes(value));
      return false;
    case 'number': {
      const numbers = op.values.map(Number).filter((value) => Number.isFinite(value));
      const target = first === undefined || first.trim() === '' ? NaN : Number(first);
      switch (op.op) {
        case 'EQUALS':
          return answer.value === target;
        case 'ONE_OF':
          return numbers.includes(answer.value);
        case 'GREATER_THAN':
          return answer.value > target;
        case 'LESS_THAN':
          return answer.value < target;
      }
      return false;
    }
    // Free text is never compared, and "Vet ikke" meets no condition.
    case 'text':
    case 'notApplicable':
      return false;
  }
}

/**
 * Whether an item's show-if condition is met by the answers so far. Without a condition the item is shown;
 * with one, only once the earlier item has an answer that meets it.
 */
export function isShown(item: Pick<SurveyItemDefinition, 'showIf'>, answers: Answers): boolean {
  const condition = item.showIf;
  if (!condition) return true;
  const answer = answers[condition.item];
  return answer !== undefined && matches(answer, condition);
}

export interface VisibleSection<S extends SurveySection> {
  section: S;
  items: S['items'][number][];
}

/**
 * The sections and items one participant sees, in order: items for their role whose condition is met. An answer
 * to an item that is itself hidden counts as no answer, so that hiding one item also hides those that depend on
 * it. Sections left without a visible item are left out, as a participant would never see an empty page.
 */
export function visibleSections<S extends SurveySection>(
  sections: readonly S[],
  role: RespondentRole,
  answers: Answers,
): VisibleSection<S>[] {
  const seen: Record<string, Answer | undefined> = {};
  const result: VisibleSection<S>[] = [];
  for (const section of sections) {
    const items: S['items'][number][] = [];
    for (const item of section.items) {
      if (!isForRole(item, role) || !isShown(item, seen)) continue;
      items.push(item);
      seen[item.key] = answers[item.key];
    }
    if (items.length > 0) result.push({ section, items });
  }
  return result;
}
