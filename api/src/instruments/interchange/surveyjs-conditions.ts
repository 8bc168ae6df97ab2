import { problemsOf } from '../definition.rules.js';
import { ItemType, ShowIfOperator, type Item, type Scale, type ShowIf } from '../definition.types.js';
import {
  ExpressionError,
  comparesAnswers,
  evaluate,
  isTrue,
  parseExpression,
  variablesOf,
  type Expression,
  type Scalar,
  type Value,
} from './surveyjs-expression.js';
import { conditionNote, type NoteKind, type StaticNote } from './surveyjs-notes.js';

/**
 * SurveyJS `visibleIf` expressions as Verdi show-if conditions: an expression is taken over only where a show-if
 * means exactly what SurveyJS makes of it, otherwise it is reported and left out.
 */

/** Up to this many options, a condition on a multiple-choice question is checked against every possible selection. */
const ALL_SELECTIONS_UP_TO = 12;

/** One answer a question can take: as SurveyJS holds it (for conditions), and as Verdi stores it. */
export interface Answer {
  raw: Scalar;
  stored: string;
}

/** What a SurveyJS question became, for the visibleIf conditions that refer to it. */
export interface Target {
  item: Item;
  /** Every answer the question can take (choice, Likert, NPS and yes/no questions). */
  answers?: Answer[];
  /** The answer is a list of the `answers` (checkbox, tagbox). */
  multi?: boolean;
}

/** Where the translation reports what it left out. */
export interface ConditionNotes {
  note(kind: StaticNote, field?: string): void;
  noteOf(kind: string, note: NoteKind, field?: string): void;
}

/** Translates the conditions of one import, against the questions it has taken over so far. */
export class ConditionTranslator {
  constructor(
    private readonly notes: ConditionNotes,
    /** The questions taken over so far, by SurveyJS name. */
    private readonly targets: ReadonlyMap<string, Target>,
    /** Every element name in the survey, and those handled so far: to tell "comes later" from "was left out". */
    private readonly allNames: ReadonlySet<string>,
    private readonly handled: ReadonlySet<string>,
    private readonly scales: readonly Scale[],
  ) {}

  /** A visibleIf expression as a show-if condition; reported and left out when Verdi cannot express it. */
  showIf(expression: string | Expression | undefined, name: string, item: Item): ShowIf | null {
    if (!expression) return null;
    try {
      const parsed = typeof expression === 'string' ? parseExpression(expression) : expression;
      const showIf = this.translate(parsed, name);
      return showIf && this.checked(showIf, item);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.notes.noteOf(`condition.${error.reason}`, conditionNote(error.reason), name);
      return null;
    }
  }

  /**
   * The show-if that means what the expression means. The expression must read one question; for questions with a
   * fixed set of answers it is evaluated on each answer (and on every selection of a multiple choice) with SurveyJS's
   * own rules, so that `<>`, `notempty`, `anyof`, `>=`, quoting and letter case all come out as SurveyJS has them.
   */
  private translate(expression: Expression, name: string): ShowIf | null {
    if (comparesAnswers(expression))
      throw new ExpressionError('two-answers', 'it compares two answers with each other');
    const names = variablesOf(expression);
    if (names.length === 0) {
      if (isTrue(evaluate(expression, () => undefined))) return null;
      throw new ExpressionError('never-true', 'it is never true');
    }
    const targets = [...new Set(names.map((n) => this.target(n)))];
    if (targets.length > 1)
      throw new ExpressionError('several-questions', 'it looks at answers to several questions');
    const target = targets[0]!;
    if (target.item.type === ItemType.TEXT)
      throw new ExpressionError('text-question', `${target.item.key} is a text question`);
    if (!target.answers) return this.numberCondition(expression, target);

    const truth = (value: Value) => isTrue(evaluate(expression, () => value));
    const answers = target.answers;
    const chosen = answers.filter((a) => truth(target.multi ? [a.raw] : a.raw));
    if (target.multi) this.checkSelections(answers, chosen, truth);
    const whenUnanswered = truth(undefined) || (target.multi === true && truth([]));
    if (chosen.length === answers.length && whenUnanswered) {
      this.notes.note('condition.always-true', name);
      return null;
    }
    if (chosen.length === 0)
      throw new ExpressionError(whenUnanswered ? 'only-unanswered' : 'never-true', `on ${name}`);
    if (whenUnanswered) this.notes.note('condition.unanswered', name);

    const values = chosen.map((a) => a.stored);
    const showIf = (op: ShowIfOperator, list: string[]): ShowIf => ({
      item: target.item.key,
      op,
      values: list,
    });
    if (values.length === 1) return showIf(ShowIfOperator.EQUALS, values);
    if (target.item.type === ItemType.LIKERT || target.item.type === ItemType.NPS) {
      const inside = values.map(Number);
      const outside = answers.map((a) => Number(a.stored)).filter((n) => !inside.includes(n));
      if (outside.length > 0 && Math.max(...outside) < Math.min(...inside))
        return showIf(ShowIfOperator.GREATER_THAN, [String(Math.max(...outside))]);
      if (outside.length > 0 && Math.min(...outside) > Math.max(...inside))
        return showIf(ShowIfOperator.LESS_THAN, [String(Math.min(...outside))]);
    }
    return showIf(ShowIfOperator.ONE_OF, values);
  }

  /**
   * A multiple-choice condition must mean "any of these was chosen", the one thing Verdi's show-if asks of one. Up to
   * ALL_SELECTIONS_UP_TO options every selection is tried; beyond, each option alone, with a chosen and with an
   * unchosen one, and all together.
   */
  private checkSelections(answers: Answer[], chosen: Answer[], truth: (value: Value) => boolean): void {
    const shows = new Set(chosen);
    const selections: Answer[][] = [];
    if (answers.length <= ALL_SELECTIONS_UP_TO) {
      for (let mask = 1; mask < 1 << answers.length; mask++)
        selections.push(answers.filter((_, index) => mask & (1 << index)));
    } else {
      const other = answers.find((a) => !shows.has(a));
      for (const answer of answers) {
        selections.push([answer]);
        if (chosen[0] && chosen[0] !== answer) selections.push([answer, chosen[0]]);
        if (other && other !== answer) selections.push([answer, other]);
      }
      selections.push(answers);
    }
    for (const selection of selections) {
      const expected = selection.some((a) => shows.has(a));
      if (truth(selection.map((a) => a.raw)) !== expected)
        throw new ExpressionError('combination', 'it asks for a combination of choices');
    }
  }

  /** A number question has no fixed answers: `=`, `>`, `<` with a number, or `=` joined by "or", map exactly. */
  private numberCondition(expression: Expression, target: Target): ShowIf {
    const form = new ExpressionError(
      'number-form',
      `it tests ${target.item.key} in a way Verdi cannot express`,
    );
    const comparison = (e: Expression): { op: ShowIfOperator; value: string } => {
      if (e.kind !== 'binary') throw form;
      const flipped = e.left.kind === 'constant' && e.right.kind === 'variable';
      const constant = flipped ? e.left : e.right;
      if (constant.kind !== 'constant' || (flipped ? e.right : e.left).kind !== 'variable') throw form;
      const number = typeof constant.value === 'string' ? Number(constant.value.trim()) : constant.value;
      if (typeof number !== 'number' || !Number.isFinite(number) || constant.value === '') throw form;
      // `5 > {n}` is `{n} < 5`.
      if (e.operator === 'equal') return { op: ShowIfOperator.EQUALS, value: String(number) };
      if (e.operator === 'greater')
        return {
          op: flipped ? ShowIfOperator.LESS_THAN : ShowIfOperator.GREATER_THAN,
          value: String(number),
        };
      if (e.operator === 'less')
        return {
          op: flipped ? ShowIfOperator.GREATER_THAN : ShowIfOperator.LESS_THAN,
          value: String(number),
        };
      throw form;
    };
    if (expression.kind === 'or') {
      const parts = expression.parts.map(comparison);
      if (parts.some((p) => p.op !== ShowIfOperator.EQUALS)) throw form;
      return {
        item: target.item.key,
        op: ShowIfOperator.ONE_OF,
        values: [...new Set(parts.map((p) => p.value))],
      };
    }
    const { op, value } = comparison(expression);
    return { item: target.item.key, op, values: [value] };
  }

  /** The item a question name in an expression refers to: only earlier questions that were taken over. */
  private target(name: string): Target {
    // SurveyJS looks names up without regard to case.
    const lower = name.toLowerCase();
    const found =
      this.targets.get(name) ?? [...this.targets.entries()].find(([n]) => n.toLowerCase() === lower)?.[1];
    if (found) return found;
    const [question] = name.split('.');
    const known =
      [...this.allNames].find((n) => n.toLowerCase() === name.toLowerCase()) ??
      [...this.allNames].find((n) => n.toLowerCase() === question!.toLowerCase());
    if (!known) throw new ExpressionError('unknown-question', `it refers to ${name}`);
    if (
      known.toLowerCase() === lower &&
      [...this.targets.keys()].some((n) => n.toLowerCase().startsWith(`${lower}.`))
    )
      throw new ExpressionError('whole-matrix', `it refers to the whole matrix ${name}`);
    if (this.handled.has(known))
      throw new ExpressionError('not-imported-question', `${name} was not taken over`);
    throw new ExpressionError('later-question', `${name} does not come before it`);
  }

  /** Leaves the final word to the definition rules: a condition they would object to is not taken over. */
  private checked(showIf: ShowIf, item: Item): ShowIf {
    const target = [...this.targets.values()].find((t) => t.item.key === showIf.item)!.item;
    const probe: Item = { ...item, type: ItemType.TEXT, scale: null, options: null, construct: null, showIf };
    const problems = problemsOf({
      scales: [...this.scales],
      constructs: [],
      sections: [{ key: 'probe', title: { nb: 'probe' }, items: [target, probe] }],
    }).filter((p) => p.item === probe.key && p.path.includes('.showIf'));
    if (problems.length > 0) throw new ExpressionError('invalid', problems.map((p) => p.message).join('; '));
    return showIf;
  }
}
