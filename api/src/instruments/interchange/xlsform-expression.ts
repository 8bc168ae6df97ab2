/**
 * The part of XLSForm's expression language (XPath 1.0 with `${name}` references) that Verdi can translate:
 * comparisons of a field or `.` with a literal, `selected(${f}, 'v')`, `string-length(.)`, `true()`, `false()`,
 * `and`, `or` and parentheses. Anything else (arithmetic, other functions, `not`) throws, and the importer lists the
 * condition back instead of guessing.
 */

export type Operand =
  | { kind: 'field'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'self' }
  | { kind: 'length' };

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type XlsExpression =
  | { kind: 'and' | 'or'; parts: XlsExpression[] }
  | { kind: 'true' | 'false' }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'selected'; field: string; value: string };

type Token =
  | { t: 'field'; name: string }
  | { t: 'string'; value: string }
  | { t: 'number'; value: number }
  | { t: 'word'; value: string }
  | { t: 'symbol'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const field = /^\$\{\s*([^}\s]+)\s*\}/.exec(rest);
    const string = /^(?:'([^']*)'|"([^"]*)")/.exec(rest);
    const number = /^-?\d+(?:\.\d+)?/.exec(rest);
    const symbol = /^(?:!=|<=|>=|=|<|>|\(|\)|,|\.(?![\w]))/.exec(rest);
    const word = /^[A-Za-z_][\w:-]*/.exec(rest);
    if (field) {
      tokens.push({ t: 'field', name: field[1]! });
      i += field[0].length;
    } else if (string) {
      tokens.push({ t: 'string', value: string[1] ?? string[2] ?? '' });
      i += string[0].length;
    } else if (number) {
      tokens.push({ t: 'number', value: Number(number[0]) });
      i += number[0].length;
    } else if (symbol) {
      tokens.push({ t: 'symbol', value: symbol[0] });
      i += symbol[0].length;
    } else if (word) {
      tokens.push({ t: 'word', value: word[0] });
      i += word[0].length;
    } else throw new Error(`cannot read "${rest.slice(0, 10)}"`);
  }
  return tokens;
}

export function parseXlsExpression(source: string): XlsExpression {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const isSymbol = (value: string) => peek()?.t === 'symbol' && (peek() as { value: string }).value === value;
  const isWord = (value: string) => peek()?.t === 'word' && (peek() as { value: string }).value === value;
  const expect = (value: string) => {
    if (!isSymbol(value)) throw new Error(`expected "${value}"`);
    at++;
  };

  const list = (kind: 'and' | 'or', next: () => XlsExpression): XlsExpression => {
    const parts = [next()];
    while (isWord(kind)) {
      at++;
      parts.push(next());
    }
    const flat = parts.flatMap((p) => (p.kind === kind ? p.parts : [p]));
    return flat.length === 1 ? flat[0]! : { kind, parts: flat };
  };
  const or = (): XlsExpression => list('or', and);
  const and = (): XlsExpression => list('and', primary);

  const operand = (): Operand => {
    const token = tokens[at++];
    if (!token) throw new Error('unexpected end');
    if (token.t === 'field') return { kind: 'field', name: token.name };
    if (token.t === 'string') return { kind: 'string', value: token.value };
    if (token.t === 'number') return { kind: 'number', value: token.value };
    if (token.t === 'symbol' && token.value === '.') return { kind: 'self' };
    if (token.t === 'word' && token.value === 'string-length') {
      expect('(');
      expect('.');
      expect(')');
      return { kind: 'length' };
    }
    throw new Error('not a field, literal or "."');
  };

  const primary = (): XlsExpression => {
    if (isSymbol('(')) {
      at++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (isWord('true') || isWord('false')) {
      const kind = (peek() as { value: 'true' | 'false' }).value;
      at++;
      expect('(');
      expect(')');
      return { kind };
    }
    if (isWord('selected')) {
      at++;
      expect('(');
      const field = tokens[at++];
      expect(',');
      const value = tokens[at++];
      expect(')');
      if (field?.t !== 'field' || (value?.t !== 'string' && value?.t !== 'number'))
        throw new Error('selected() takes a field and a choice name');
      return { kind: 'selected', field: field.name, value: String(value.value) };
    }
    const left = operand();
    const op = peek();
    if (op?.t !== 'symbol' || !['=', '!=', '<', '>', '<=', '>='].includes(op.value))
      throw new Error('expected a comparison');
    at++;
    return { kind: 'compare', op: op.value as CompareOp, left, right: operand() };
  };

  const expression = or();
  if (at < tokens.length) throw new Error('unexpected text after the expression');
  return expression;
}
