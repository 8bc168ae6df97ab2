/**
 * SurveyJS's expression language (the `visibleIf` of questions, panels and pages), read and evaluated the way the
 * SurveyJS form library does it, so that the import can tell exactly which answers make a question visible.
 *
 * Sources: the grammar `packages/survey-core/src/expressions/grammar.pegjs` and the operators in
 * `packages/survey-core/src/expressions/expressions.ts` (`OperandMaker.binaryFunctions`) of surveyjs/survey-library;
 * comparisons use `Helpers.checkIfValuesEqual` with the default `settings.comparator` (strings trimmed and compared
 * without regard to case, "1" equal to 1). Arithmetic and functions are read only far enough to be refused.
 */

export type Scalar = string | number | boolean;
export type Value = Scalar | null | undefined | Value[];

export type Expression =
  | { kind: 'variable'; name: string }
  | { kind: 'constant'; value: Scalar | null }
  | { kind: 'list'; items: Expression[] }
  | { kind: 'binary'; operator: BinaryOperator; written: string; left: Expression; right: Expression }
  | { kind: 'unary'; operator: 'empty' | 'notempty'; operand: Expression }
  | { kind: 'not'; operand: Expression }
  | { kind: 'and' | 'or'; parts: Expression[] };

type BinaryOperator =
  | 'equal'
  | 'notequal'
  | 'greater'
  | 'less'
  | 'greaterorequal'
  | 'lessorequal'
  | 'contains'
  | 'notcontains'
  | 'anyof'
  | 'allof'
  | 'noneof';

/** Why an expression could not be taken over; `reason` names the kind of problem for the import's notes. */
export type ExpressionReason =
  | 'invalid'
  | 'function'
  | 'arithmetic'
  | 'two-answers'
  | 'several-questions'
  | 'unknown-question'
  | 'later-question'
  | 'not-imported-question'
  | 'whole-matrix'
  | 'text-question'
  | 'number-form'
  | 'combination'
  | 'never-true'
  | 'only-unanswered';

export class ExpressionError extends Error {
  constructor(
    readonly reason: ExpressionReason,
    message: string,
  ) {
    super(message);
  }
}

type Token =
  | { kind: 'variable'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'word'; text: string }
  | { kind: 'symbol'; text: string };

const SYMBOLS = ['==', '!=', '<>', '>=', '<=', '&&', '||', '*=', '=', '>', '<', '!', '(', ')', '[', ']', ','];
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^']);
const BINARY: Record<string, BinaryOperator> = {
  '=': 'equal',
  '==': 'equal',
  equal: 'equal',
  '!=': 'notequal',
  '<>': 'notequal',
  notequal: 'notequal',
  '>': 'greater',
  greater: 'greater',
  '<': 'less',
  less: 'less',
  '>=': 'greaterorequal',
  greaterorequal: 'greaterorequal',
  '<=': 'lessorequal',
  lessorequal: 'lessorequal',
  '*=': 'contains',
  contains: 'contains',
  contain: 'contains',
  notcontains: 'notcontains',
  notcontain: 'notcontains',
  anyof: 'anyof',
  allof: 'allof',
  noneof: 'noneof',
};

const invalid = (why: string) => new ExpressionError('invalid', why);

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    const rest = expression.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const variable = /^\{([^{}]*)\}/.exec(rest);
    // SurveyJS strings end at the first unescaped quote of either kind; \' and \" stand for the quote itself.
    const string = /^'((?:\\['"]|[^'"])*)'|^"((?:\\['"]|[^'"])*)"/.exec(rest);
    const number = /^(0x[0-9a-f]+|\d+(\.\d+)?)/i.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const symbol =
      SYMBOLS.find((s) => rest.startsWith(s)) ?? (ARITHMETIC.has(rest[0]!) ? rest[0] : undefined);
    if (variable) tokens.push({ kind: 'variable', text: variable[1]!.trim() });
    else if (string)
      tokens.push({ kind: 'string', text: (string[1] ?? string[2] ?? '').replace(/\\(['"])/g, '$1') });
    else if (number) tokens.push({ kind: 'number', value: Number(number[0]) });
    else if (word) tokens.push({ kind: 'word', text: word[0] });
    else if (symbol) tokens.push({ kind: 'symbol', text: symbol });
    else if (rest[0] === "'" || rest[0] === '"')
      throw invalid(`a quotation mark (${rest[0]}) is never closed`);
    else throw invalid(`it uses "${rest[0]}", which SurveyJS expressions do not have`);
    at += (variable ?? string ?? number ?? word)?.[0].length ?? symbol!.length;
  }
  return tokens;
}

/** Reads a SurveyJS boolean expression; refuses arithmetic, functions and what SurveyJS itself cannot read. */
export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (token: Token | undefined, ...words: string[]) =>
    token?.kind === 'word' && words.includes(token.text.toLowerCase());
  const isSymbol = (token: Token | undefined, ...symbols: string[]) =>
    token?.kind === 'symbol' && symbols.includes(token.text);

  const joined = (kind: 'and' | 'or', word: string, symbol: string, next: () => Expression): Expression => {
    const parts = [next()];
    while (isWord(peek(), word) || isSymbol(peek(), symbol)) {
      at++;
      parts.push(next());
    }
    return parts.length === 1 ? parts[0]! : { kind, parts };
  };
  const parseOr = (): Expression => joined('or', 'or', '||', parseAnd);
  const parseAnd = (): Expression => joined('and', 'and', '&&', parseComparison);

  const parseComparison = (): Expression => {
    const left = parseFactor();
    const next = peek();
    const written = next?.kind === 'word' || next?.kind === 'symbol' ? next.text : '';
    const lower = written.toLowerCase();
    if (lower === 'empty' || lower === 'notempty') {
      at++;
      return { kind: 'unary', operator: lower, operand: left };
    }
    const operator = BINARY[lower];
    if (!operator) return left;
    at++;
    return { kind: 'binary', operator, written, left, right: parseFactor() };
  };

  const parseFactor = (): Expression => {
    const factor = parseAtom();
    const next = peek();
    if (next?.kind === 'symbol' && ARITHMETIC.has(next.text))
      throw new ExpressionError('arithmetic', `it calculates with "${next.text}"`);
    if (isWord(next, 'power')) throw new ExpressionError('arithmetic', 'it calculates with "power"');
    return factor;
  };

  const parseAtom = (): Expression => {
    const token = tokens[at++];
    if (!token) throw invalid('it ends where a value is expected');
    if (isSymbol(token, '(')) {
      const inner = parseOr();
      // SurveyJS's grammar lets the closing bracket be left out at the end.
      if (isSymbol(peek(), ')')) at++;
      else if (peek()) throw invalid('its brackets do not match');
      return inner;
    }
    if (token.kind === 'word' && isSymbol(peek(), '('))
      throw new ExpressionError('function', `it calls the function ${token.text}()`);
    if (isSymbol(token, '!') || isWord(token, 'negate')) return { kind: 'not', operand: parseAtom() };
    if (isSymbol(token, '[')) {
      const items: Expression[] = [];
      while (!isSymbol(peek(), ']')) {
        items.push(parseOr());
        if (isSymbol(peek(), ',')) at++;
        else if (!isSymbol(peek(), ']')) throw invalid('a list in it is not closed with "]"');
      }
      at++;
      return { kind: 'list', items };
    }
    if (token.kind === 'symbol' && token.text === '-' && peek()?.kind === 'number') {
      const number = tokens[at++] as { value: number };
      return { kind: 'constant', value: -number.value };
    }
    if (token.kind === 'variable') return { kind: 'variable', name: token.text };
    if (token.kind === 'string') return { kind: 'constant', value: token.text };
    if (token.kind === 'number') return { kind: 'constant', value: token.value };
    if (token.kind === 'word') {
      if (isSymbol(peek(), '('))
        throw new ExpressionError('function', `it calls the function ${token.text}()`);
      const lower = token.text.toLowerCase();
      if (lower === 'true' || lower === 'false') return { kind: 'constant', value: lower === 'true' };
      if (lower === 'null' || lower === 'undefined') return { kind: 'constant', value: null };
      // A bare word is a text constant in SurveyJS: {q} = yes compares with "yes".
      return { kind: 'constant', value: token.text };
    }
    throw invalid(`"${token.text}" stands where a value is expected`);
  };

  if (tokens.length === 0) throw invalid('it is empty');
  const expression = parseOr();
  if (at < tokens.length) {
    const token = tokens[at]!;
    const text = token.kind === 'number' ? String(token.value) : token.text;
    throw invalid(`"${text}" cannot follow what comes before it`);
  }
  return expression;
}

/** The names of the answers an expression reads, each once. */
export function variablesOf(expression: Expression): string[] {
  const names = new Set<string>();
  const visit = (e: Expression): void => {
    if (e.kind === 'variable') names.add(e.name);
    else if (e.kind === 'list') e.items.forEach(visit);
    else if (e.kind === 'binary') [e.left, e.right].forEach(visit);
    else if (e.kind === 'unary' || e.kind === 'not') visit(e.operand);
    else if (e.kind === 'and' || e.kind === 'or') e.parts.forEach(visit);
  };
  visit(expression);
  return [...names];
}

/** Whether an expression compares two answers with each other (e.g. `{a} > {b}`). */
export function comparesAnswers(expression: Expression): boolean {
  if (expression.kind === 'binary')
    return variablesOf(expression.left).length > 0 && variablesOf(expression.right).length > 0;
  if (expression.kind === 'unary' || expression.kind === 'not') return comparesAnswers(expression.operand);
  if (expression.kind === 'and' || expression.kind === 'or') return expression.parts.some(comparesAnswers);
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation, as survey-core does it

const isNumeric = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));

export function isEmpty(value: Value): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return value === undefined || value === null || value === '';
}

export function valuesEqual(x: Value, y: Value): boolean {
  if (x === y) return true;
  if (Array.isArray(x) && x.length === 0 && y === undefined) return true;
  if (Array.isArray(y) && y.length === 0 && x === undefined) return true;
  if ((x === undefined || x === null) && y === '') return true;
  if ((y === undefined || y === null) && x === '') return true;
  if (typeof x === 'string' && typeof y === 'string')
    return x.trim().toLowerCase() === y.trim().toLowerCase();
  if (isNumeric(x) && isNumeric(y) && Number(x) === Number(y)) return true;
  if (isEmpty(x) !== isEmpty(y)) return false;
  if (typeof x === 'boolean' && typeof y === 'string') return String(x) === y.toLowerCase();
  if (typeof y === 'boolean' && typeof x === 'string') return String(y) === x.toLowerCase();
  if (Array.isArray(x) && Array.isArray(y)) {
    // Comparing two selections ignores their order, as SurveyJS's expressions do.
    if (x.length !== y.length) return false;
    const rest = [...y];
    return x.every((item) => {
      const index = rest.findIndex((other) => valuesEqual(item, other));
      if (index < 0) return false;
      rest.splice(index, 1);
      return true;
    });
  }
  if (Array.isArray(x) || Array.isArray(y)) return false;
  return x == y;
}

function containsCore(left: Value, right: Value, isContains: boolean): boolean {
  if (Array.isArray(left) && left.length === 0) return !isContains;
  if (!left && left !== 0 && left !== false) return false;
  if (!Array.isArray(left)) {
    if (!right && right !== 0) return false;
    const found = String(left).toLowerCase().includes(String(right).toLowerCase());
    return isContains ? found : !found;
  }
  for (const wanted of Array.isArray(right) ? right : [right]) {
    if (!left.some((item) => valuesEqual(item, wanted))) return !isContains;
  }
  return isContains;
}

const ordered = (left: Value, right: Value, compare: (a: never, b: never) => boolean) =>
  left === null || left === undefined || right === null || right === undefined
    ? false
    : compare(left as never, right as never);

const BINARY_FUNCTIONS: Record<BinaryOperator, (left: Value, right: Value) => boolean> = {
  equal: valuesEqual,
  notequal: (l, r) => !valuesEqual(l, r),
  greater: (l, r) => ordered(l, r, (a, b) => a > b),
  less: (l, r) => ordered(l, r, (a, b) => a < b),
  greaterorequal: (l, r) => valuesEqual(l, r) || ordered(l, r, (a, b) => a > b),
  lessorequal: (l, r) => valuesEqual(l, r) || ordered(l, r, (a, b) => a < b),
  contains: (l, r) => containsCore(l, r, true),
  notcontains: (l, r) => (!l && !isEmpty(r) ? true : containsCore(l, r, false)),
  anyof: (l, r) => anyOf(l, r),
  noneof: (l, r) => !anyOf(l, r),
  allof: (l, r) => {
    if (!l && !isEmpty(r)) return false;
    if (!Array.isArray(r)) return containsCore(l, r, true);
    return r.every((item) => containsCore(l, item, true));
  },
};

function anyOf(left: Value, right: Value): boolean {
  if (isEmpty(left) && isEmpty(right)) return true;
  if (isEmpty(left)) return false;
  if (isEmpty(right)) return true;
  if (!Array.isArray(left)) return containsCore(right, left, true);
  if (!Array.isArray(right)) return containsCore(left, right, true);
  return right.some((item) => containsCore(left, item, true));
}

/**
 * An answer as SurveyJS's Variable operand hands it on (`Const.getCorrectValue`): "true"/"false" become booleans,
 * and text holding a number becomes that number unless it starts with a 0 that is not "0." or "0x".
 */
function asSurveyJsReadsIt(value: Value): Value {
  if (typeof value !== 'string' || !value) return value;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  if (value.length > 1 && `'"`.includes(value[0]!) && `'"`.includes(value.at(-1)!)) return value.slice(1, -1);
  if (value.trim() === '' || !Number.isFinite(Number(value))) return value;
  if (value[0] === '0' && !value.startsWith('0x') && value.length > 1 && value[1] !== '.' && value[1] !== ',')
    return value;
  return Number(value);
}

/** Whether a visibleIf shows its element: SurveyJS's ConditionRunner takes the result `== true`. */
export function isTrue(value: Value): boolean {
  return value == true;
}

/** The value of an expression given the answers; `answer` returns undefined for a question not answered. */
export function evaluate(expression: Expression, answer: (name: string) => Value): Value {
  switch (expression.kind) {
    case 'variable':
      return asSurveyJsReadsIt(answer(expression.name));
    case 'constant':
      return expression.value;
    case 'list':
      return expression.items.map((item) => evaluate(item, answer));
    case 'binary':
      return BINARY_FUNCTIONS[expression.operator](
        evaluate(expression.left, answer),
        evaluate(expression.right, answer),
      );
    case 'unary': {
      const empty = isEmpty(evaluate(expression.operand, answer));
      return expression.operator === 'empty' ? empty : !empty;
    }
    case 'not':
      return !evaluate(expression.operand, answer);
    // JavaScript's && and ||, as SurveyJS's own "and" and "or"; a visibleIf shows its element only on exactly true.
    case 'and':
      return expression.parts.reduce<Value>((value, part) => value && evaluate(part, answer), true);
    case 'or':
      return expression.parts.reduce<Value>((value, part) => value || evaluate(part, answer), false);
  }
}
