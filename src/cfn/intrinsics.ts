import { CfnEvaluationError } from './errors';
import {
  Base64Text, CfnValue, Concat, concat, ImportedValue, isText, JoinedList, ListElement, Opaque, PseudoParameter, ResourceAttribute,
  ResourceRef, SplitList, Symbolic, Text, textParts, ZoneList,
} from './values';

/** What the intrinsic functions need from the template evaluation they run in. */
export interface IntrinsicHost {
  readonly id: string;
  evaluate(node: unknown, where: string): CfnValue | symbol;
  condition(name: string, where: string): boolean;
  ref(name: string, where: string): CfnValue | symbol;
  getAtt(logicalId: string, attribute: string, where: string): CfnValue;
  mapping(name: string): unknown;
  missingMapKey(where: string, detail: string, keyWasChosen: boolean): never;
  isChosen(node: unknown): boolean;
  opaque(reason: string, isList?: boolean): Opaque;
}

/** Applies one intrinsic function (`Ref` or `Fn::*`) as CloudFormation does at deploy time. */
export function applyFunction(host: IntrinsicHost, fn: string, arg: unknown, where: string): CfnValue | symbol {
  const at = `${where}.${fn}`;
  const fail = (detail: string): never => {
    throw new CfnEvaluationError(host.id, at, detail);
  };
  const args = (n: number, m = n): unknown[] => {
    if (!Array.isArray(arg) || arg.length < n || arg.length > m) {
      fail(`takes a list of ${n === m ? n : `${n} to ${m}`} arguments`);
    }
    return arg as unknown[];
  };
  const text = (node: unknown, path: string): Text => {
    const v = host.evaluate(node, path);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (isText(v)) return v;
    return fail(`expects a string at ${path}, got ${describeKind(v)}`);
  };
  switch (fn) {
    case 'Ref':
      if (typeof arg !== 'string') fail('takes a name');
      return host.ref(arg as string, at);
    case 'Fn::GetAtt': {
      const parts = typeof arg === 'string' ? splitDot(arg) : args(2);
      const attribute = host.evaluate(parts[1], `${at}[1]`);
      if (typeof parts[0] !== 'string') fail('names a resource by its logical id');
      if (typeof attribute !== 'string') return host.opaque(`${at}: an attribute name known only at deploy time`);
      return host.getAtt(parts[0] as string, attribute, at);
    }
    case 'Fn::If': {
      const [name, yes, no] = args(3);
      if (typeof name !== 'string') fail('names a condition');
      return host.condition(name as string, at) ? host.evaluate(yes, `${at}[1]`) : host.evaluate(no, `${at}[2]`);
    }
    case 'Fn::Join': {
      const [sep, list] = args(2);
      if (typeof sep !== 'string') fail('takes a literal separator');
      const items = host.evaluate(list, `${at}[1]`);
      return join(sep as string, items, fail);
    }
    case 'Fn::Sub':
      return sub(host, arg, at, fail);
    case 'Fn::Select': {
      const [index, list] = args(2);
      const i = host.evaluate(index, `${at}[0]`);
      const n = typeof i === 'number' ? i : typeof i === 'string' && /^\d+$/.test(i) ? Number(i) : undefined;
      const items = host.evaluate(list, `${at}[1]`);
      if (n === undefined) return host.opaque(`${at}: an index known only at deploy time`);
      if (Array.isArray(items)) {
        if (n >= items.length) fail(`index ${n} is past the end of a list of ${items.length}`);
        return items[n];
      }
      if (items instanceof Symbolic) return items instanceof Opaque ? host.opaque(`${at}: an element of ${items.describe()}`) : new ListElement(items, n);
      return fail(`selects from ${describeKind(items)}, not a list`);
    }
    case 'Fn::Split': {
      const [sep, source] = args(2);
      if (typeof sep !== 'string' || sep === '') fail('takes a literal, non-empty separator');
      return split(host, sep as string, text(source, `${at}[1]`), at);
    }
    case 'Fn::Base64': {
      const t = text(arg, at);
      if (typeof t === 'string') return Buffer.from(t, 'utf8').toString('base64');
      return new Base64Text(t instanceof Concat ? t : new Concat([t]));
    }
    case 'Fn::ImportValue':
      return new ImportedValue(host.id, text(arg, at));
    case 'Fn::FindInMap':
      return findInMap(host, args(3, 4), at, fail);
    case 'Fn::GetAZs': {
      const region = arg === '' || arg === undefined || arg === null ? host.ref('AWS::Region', at) : host.evaluate(arg, at);
      return new ZoneList(isText(region) ? region : '?');
    }
    case 'Fn::Length': {
      const items = host.evaluate(arg, at);
      return Array.isArray(items) ? items.length : host.opaque(`${at}: the length of a list known only at deploy time`);
    }
    case 'Fn::ToJsonString': {
      const v = host.evaluate(arg, at);
      return isLiteral(v) ? JSON.stringify(v) : host.opaque(`${at}: Fn::ToJsonString of deploy-time values`);
    }
    case 'Fn::Cidr':
      return host.opaque(`${at}: Fn::Cidr`, true);
    case 'Fn::Transform':
      return host.opaque(`${at}: the output of the macro ${JSON.stringify((arg as any)?.Name ?? '?')}, known only at deploy time`);
    default:
      return fail(`${fn} is not a CloudFormation intrinsic function the gate can evaluate`);
  }
}

function splitDot(s: string): unknown[] {
  const dot = s.indexOf('.');
  return dot < 0 ? [s, ''] : [s.slice(0, dot), s.slice(dot + 1)];
}

function join(sep: string, items: CfnValue | symbol, fail: (d: string) => never): Text {
  if (items instanceof Symbolic) {
    return items.isList ? new JoinedList(sep, items) : items; // a one-element list of a scalar
  }
  if (!Array.isArray(items)) return fail(`joins ${describeKind(items)}, not a list`);
  const parts: Text[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push(sep);
    if (typeof item === 'number' || typeof item === 'boolean') parts.push(String(item));
    else if (item instanceof Symbolic && item.isList) parts.push(new JoinedList(sep, item));
    else if (isText(item)) parts.push(item);
    else fail(`joins ${describeKind(item)} at [${i}], not a string`);
  });
  return concat(parts);
}

/** `Fn::Sub`: `${Name}` (parameter, pseudo parameter, resource), `${Name.Attribute}`, `${!Literal}`, variables. */
function sub(host: IntrinsicHost, arg: unknown, at: string, fail: (d: string) => never): Text {
  let body: unknown = arg;
  let vars: { [name: string]: unknown } = {};
  if (Array.isArray(arg)) {
    if (arg.length !== 2 || arg[1] === null || typeof arg[1] !== 'object' || Array.isArray(arg[1])) fail('takes a string, or [string, {variables}]');
    [body, vars] = arg as [unknown, { [name: string]: unknown }];
  }
  if (typeof body !== 'string') return fail('takes a literal string');
  const parts: Text[] = [];
  const re = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) {
    parts.push(body.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1].trim();
    if (name.startsWith('!')) {
      parts.push(`\${${m[1].slice(1)}}`);
      continue;
    }
    let v: CfnValue | symbol;
    if (Object.prototype.hasOwnProperty.call(vars, name)) {
      v = host.evaluate(vars[name], `${at}[1].${name}`);
    } else if (name.includes('.') && !name.startsWith('AWS::')) {
      const [logicalId, ...attribute] = name.split('.');
      v = host.getAtt(logicalId, attribute.join('.'), at);
    } else {
      v = host.ref(name, at);
    }
    if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
    if (!isText(v)) return fail(`\${${name}} is ${describeKind(v)}, not a string`);
    parts.push(v);
  }
  parts.push(body.slice(last));
  return concat(parts);
}

/**
 * `Fn::Split`: literal parts are split; deploy-time parts that cannot hold the separator (resource ids and
 * attributes, endpoints) stay whole. A whole `Fn::Join` of a list with the same separator splits back into that
 * list. A part that may hold the separator (a parameter, an import) leaves the split for later (`SplitList`).
 */
function split(host: IntrinsicHost, sep: string, t: Text, at: string): CfnValue {
  void host;
  void at;
  return splitText(sep, t) ?? new SplitList(sep, t);
}

/** Splits a text as `Fn::Split` does, or undefined when a deploy-time part may hold the separator. */
export function splitText(sep: string, t: Text): CfnValue | undefined {
  if (typeof t === 'string') return t.split(sep);
  if (t instanceof JoinedList && t.separator === sep) return t.list;
  const out: Text[] = [];
  let current: Text[] = [];
  for (const part of textParts(t)) {
    if (typeof part === 'string') {
      const pieces = part.split(sep);
      pieces.forEach((piece, i) => {
        if (i > 0) {
          out.push(concat(current));
          current = [];
        }
        current.push(piece);
      });
    } else if (isAtomic(part)) {
      current.push(part);
    } else {
      return undefined;
    }
  }
  out.push(concat(current));
  return out;
}

/** Deploy-time values that never contain a list separator: ids, ARNs, endpoints, regions. */
function isAtomic(s: Symbolic): boolean {
  if (s instanceof ResourceRef || (s instanceof ResourceAttribute && !s.isList)) return true;
  if (s instanceof ListElement) return s.list instanceof ResourceAttribute || s.list instanceof ZoneList;
  return s instanceof PseudoParameter && s.name !== 'AWS::NotificationARNs';
}

function findInMap(host: IntrinsicHost, args: unknown[], at: string, fail: (d: string) => never): CfnValue | symbol {
  const [mapName, top, second, fallback] = args;
  const name = host.evaluate(mapName, `${at}[0]`);
  if (typeof name !== 'string') return fail('names its map with a literal');
  const map = host.mapping(name);
  if (map === null || typeof map !== 'object') return fail(`the map '${name}' is not declared in Mappings`);
  const k1 = host.evaluate(top, `${at}[1]`);
  const k2 = host.evaluate(second, `${at}[2]`);
  const defaultValue = fallback !== null && typeof fallback === 'object' && 'DefaultValue' in (fallback as object)
    ? (fallback as { DefaultValue: unknown }).DefaultValue : undefined;
  if (typeof k1 !== 'string' || typeof k2 !== 'string') {
    if (host.isChosen(top) || host.isChosen(second)) {
      // the key was chosen as "a value outside the map": CloudFormation fails the lookup
      return host.missingMapKey(at, `the map '${name}' has no entry for that key`, true);
    }
    return host.opaque(`${at}: a lookup in the map '${name}' with a key known only at deploy time`);
  }
  const level = (map as any)[k1];
  const value = level !== null && typeof level === 'object' ? level[k2] : undefined;
  if (value === undefined) {
    if (defaultValue !== undefined) return host.evaluate(defaultValue, `${at}[3].DefaultValue`);
    return host.missingMapKey(at, `the map '${name}' has no entry ${k1}/${k2}`, host.isChosen(top) || host.isChosen(second));
  }
  return host.evaluate(value, `Mappings.${name}.${k1}.${k2}`);
}

function isLiteral(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return typeof v !== 'symbol';
  if (v instanceof Symbolic || v instanceof Concat) return false;
  return Object.values(v as object).every(isLiteral);
}

function describeKind(v: unknown): string {
  if (v instanceof Symbolic) return v.isList ? `the list ${v.describe()}` : v.describe();
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'symbol') return 'AWS::NoValue';
  return typeof v === 'object' ? 'an object' : typeof v;
}
