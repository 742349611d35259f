import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, ScalarTag, CollectionTag, YAMLMap, YAMLSeq } from 'yaml';

/** A template file that cannot be read as CloudFormation: what is wrong and where. */
export class TemplateSyntaxError extends Error {
  constructor(public readonly file: string, public readonly detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'TemplateSyntaxError';
  }
}

/**
 * Parses a CloudFormation template written in JSON or YAML (with the short forms `!Ref`, `!GetAtt`, `!Sub`, `!If`,
 * ...) into plain JSON, as CloudFormation reads it. YAML follows YAML 1.1 as CloudFormation does (`yes` is true).
 * Duplicate keys are refused in both formats: CloudFormation and this reader could otherwise see different values.
 *
 * @param text the file content
 * @param file the file name, for messages
 */
export function parseTemplate(text: string, file: string): { [key: string]: unknown } {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  let value: unknown;
  if (trimmed.startsWith('{')) {
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      throw new TemplateSyntaxError(file, `not valid JSON (${(e as Error).message}); fix the syntax`);
    }
    const dup = firstDuplicateKey(trimmed);
    if (dup !== undefined) {
      throw new TemplateSyntaxError(file, `the key '${dup.key}' appears twice in one object (at offset ${dup.offset}); keep one`);
    }
  } else {
    value = parseYaml(trimmed, file);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TemplateSyntaxError(file, 'a template is an object with a Resources section; this file is not an object');
  }
  return value as { [key: string]: unknown };
}

const FUNCTIONS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAZs', 'If', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
  'And', 'Equals', 'Not', 'Or', 'Length', 'ToJsonString', 'ForEach',
];

function shortFormTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  const add = (name: string, key: string, convert: (v: unknown) => unknown = (v) => v) => {
    tags.push({ tag: `!${name}`, resolve: (str: string) => ({ [key]: convert(str) }) } as ScalarTag);
    for (const collection of ['seq', 'map'] as const) {
      tags.push({
        tag: `!${name}`,
        collection,
        resolve: (node: YAMLSeq | YAMLMap) => node,
      } as unknown as CollectionTag);
    }
  };
  for (const f of FUNCTIONS) {
    add(f, `Fn::${f}`);
  }
  add('Ref', 'Ref');
  add('Condition', 'Condition');
  add('GetAtt', 'Fn::GetAtt', (v) => (typeof v === 'string' ? splitGetAtt(v) : v));
  return tags;
}

/** `!GetAtt Broker.OpenWireEndpoints` is `["Broker", "OpenWireEndpoints"]` (split at the first dot). */
function splitGetAtt(v: string): unknown {
  const dot = v.indexOf('.');
  return dot < 0 ? v : [v.slice(0, dot), v.slice(dot + 1)];
}

function parseYaml(text: string, file: string): unknown {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { version: '1.1', merge: false, customTags: shortFormTags(), uniqueKeys: true, prettyErrors: true, strict: true });
  } catch (e) {
    throw new TemplateSyntaxError(file, `not valid YAML (${(e as Error).message})`);
  }
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    const e = problems[0];
    throw new TemplateSyntaxError(file, `not valid YAML: ${e.message.split('\n')[0]}${e.linePos ? ` (line ${e.linePos[0].line})` : ''}`);
  }
  return toJson(doc.contents, file);
}

/** Converts the YAML tree to JSON, turning short-form tags on collections into their `Fn::` objects. */
function toJson(node: unknown, file: string): unknown {
  if (node === null || node === undefined) {
    return null;
  }
  if (isScalar(node)) {
    return scalarValue(node as Scalar);
  }
  const tag = (node as { tag?: string }).tag;
  let value: unknown;
  if (isSeq(node)) {
    value = node.items.map((i) => toJson(i, file));
  } else if (isMap(node)) {
    const obj: { [key: string]: unknown } = {};
    for (const pair of node.items) {
      if (!isScalar(pair.key) || (pair.key as Scalar).tag !== undefined) {
        throw new TemplateSyntaxError(file, 'a mapping key is not a plain value; use plain keys');
      }
      const key = pair.key as Scalar;
      // keys are names: `N` or `on` stay strings (YAML 1.1 would make them booleans)
      const k = typeof key.source === 'string' ? key.source : String(key.value);
      if (Object.prototype.hasOwnProperty.call(obj, k)) {
        throw new TemplateSyntaxError(file, `the key '${k}' appears twice in one mapping; keep one`);
      }
      obj[k] = toJson(pair.value, file);
    }
    value = obj;
  } else {
    throw new TemplateSyntaxError(file, `unsupported YAML node (${String((node as object).constructor?.name)}); use plain mappings, lists and values`);
  }
  if (tag !== undefined && tag.startsWith('!')) {
    const name = tag.slice(1);
    if (name === 'GetAtt' && Array.isArray(value)) return { 'Fn::GetAtt': value };
    if (name === 'Ref' || name === 'Condition') {
      throw new TemplateSyntaxError(file, `!${name} takes a name, not a list or mapping`);
    }
    if (!FUNCTIONS.includes(name)) {
      throw new TemplateSyntaxError(file, `unknown tag !${name}`);
    }
    return { [`Fn::${name}`]: value };
  }
  return value;
}

function scalarValue(node: Scalar): unknown {
  const v = node.value;
  if (v !== null && typeof v === 'object') {
    return v; // a short-form tag on a scalar resolved to its Fn:: object
  }
  if (typeof v === 'bigint') {
    return Number(v);
  }
  if (typeof v === 'boolean' && /^[yYnN]$/.test(String(node.source))) {
    return node.source; // PyYAML and CloudFormation read y/n as strings, YAML 1.1 as booleans
  }
  return v;
}

/** The first key that appears twice in one JSON object of an already valid JSON text. */
export function firstDuplicateKey(text: string): { key: string; offset: number } | undefined {
  const stack: Array<Set<string> | undefined> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') {
        j += text[j] === '\\' ? 2 : 1;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top !== undefined) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.has(key)) {
          return { key, offset: i };
        }
        top.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(undefined);
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] !== undefined;
    }
  }
  return undefined;
}
