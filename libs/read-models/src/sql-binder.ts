/**
 * The one client-side SQL value binder. ClickHouse 18.16 has no server-side
 * query parameters (`{x:String}` fails with "Unknown setting param_x"), so every
 * value is rendered as a typed, escaped literal here and nowhere else.
 *
 *   sql`SELECT count() FROM ${ident('metric_results')} WHERE tenant = ${tenant} AND timestamp >= ${since}`
 *
 * Interpolations are values unless they are fragments made by `sql`, `ident`,
 * `raw` or `join`, so a plain string can never become SQL text by accident.
 * Arrays render as `[...]`: 18.16 rejects `x IN [..]`, so write `has(${list}, x)`
 * or `x IN (${join(list)})`.
 */

export type SqlValue = string | number | bigint | boolean | Date | null | readonly SqlValue[];
export type SqlParam = SqlValue | SqlFragment;

const FRAGMENT: unique symbol = Symbol('SqlFragment');
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// DateTime is an unsigned 32-bit count of seconds on every ClickHouse version.
const MAX_DATETIME_SECONDS = 4_294_967_295;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
};

/** Rendered SQL text; only this module can make one, so its text is always bound or trusted. */
export class SqlFragment {
  // The token is private to this module, so no other code can construct a fragment.
  constructor(
    token: typeof FRAGMENT,
    readonly text: string,
  ) {
    if (token !== FRAGMENT) throw new TypeError('SqlFragment is built with sql``, ident(), raw() or join()');
  }

  toString(): string {
    return this.text;
  }
}

export function sql(strings: TemplateStringsArray, ...params: SqlParam[]): SqlFragment {
  // A call like sql(userText as any) would otherwise slip text through unescaped.
  if (!Array.isArray(strings) || !Array.isArray((strings as TemplateStringsArray).raw)) {
    throw new TypeError('sql must be used as a tagged template: sql`...`');
  }
  let text = strings[0];
  params.forEach((param, i) => {
    text += renderParam(param) + strings[i + 1];
  });
  return fragment(text);
}

/** A quoted identifier (`db`.`table`); each part must match ^[A-Za-z_][A-Za-z0-9_]*$. */
export function ident(...parts: string[]): SqlFragment {
  if (parts.length === 0) throw new TypeError('ident() needs at least one name');
  for (const part of parts) {
    if (typeof part !== 'string' || !IDENTIFIER.test(part)) {
      throw new TypeError(`invalid SQL identifier: ${JSON.stringify(part)}`);
    }
  }
  return fragment(parts.map((part) => '`' + part + '`').join('.'));
}

/** Trusted SQL text taken verbatim (migration files, constant clauses). Never pass user input. */
export function raw(text: string): SqlFragment {
  if (typeof text !== 'string') throw new TypeError('raw() takes a string of trusted SQL');
  return fragment(text);
}

/** Renders each part (value or fragment) and joins them, e.g. column lists or OR-ed conditions. */
export function join(parts: readonly SqlParam[], separator: SqlFragment = fragment(', ')): SqlFragment {
  return fragment(parts.map(renderParam).join(separator.text));
}

function fragment(text: string): SqlFragment {
  return new SqlFragment(FRAGMENT, text);
}

function renderParam(param: SqlParam): string {
  return param instanceof SqlFragment ? param.text : renderLiteral(param);
}

/** Renders one value as a ClickHouse literal that parses the same on 18.16 and current servers. */
export function renderLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return `[${value.map(renderLiteral).join(', ')}]`;
  switch (typeof value) {
    case 'string':
      return renderString(value);
    case 'number':
      return renderNumber(value);
    case 'bigint':
      return signed(value.toString());
    case 'boolean':
      return value ? '1' : '0';
  }
  if (value instanceof Date) return renderDate(value);
  throw new TypeError(`not a SQL value: ${describe(value)}`);
}

function renderString(value: string): string {
  // UTF-8 cannot encode a lone surrogate: the server would store U+FFFD, not the value.
  if (LONE_SURROGATE.test(value)) throw new TypeError('string contains a lone UTF-16 surrogate');
  const escaped = value.replace(/[\\'\x00-\x1f\x7f]/g, (char) => STRING_ESCAPES[char] ?? hexEscape(char));
  return `'${escaped}'`;
}

function hexEscape(char: string): string {
  return '\\x' + char.charCodeAt(0).toString(16).padStart(2, '0');
}

function renderNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return signed(String(value));
}

// Parenthesised so `a -${-1}` renders `a -(-1)`, not the comment `a --1`.
function signed(text: string): string {
  return text.startsWith('-') ? `(${text})` : text;
}

// A number of seconds is timezone-free; a 'YYYY-MM-DD hh:mm:ss' string would be read in the server's zone.
function renderDate(value: Date): string {
  const millis = value.getTime();
  if (Number.isNaN(millis)) throw new RangeError('invalid Date');
  const seconds = Math.floor(millis / 1000); // DateTime has whole seconds
  if (seconds < 0 || seconds > MAX_DATETIME_SECONDS) {
    throw new RangeError(`Date outside the DateTime range 1970..2106: ${value.toISOString()}`);
  }
  return `toDateTime(${seconds})`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  return Object.prototype.toString.call(value);
}
