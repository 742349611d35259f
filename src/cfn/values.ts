/**
 * The values a CloudFormation template evaluates to before deployment. Literals are plain JSON (string, number,
 * boolean, arrays, objects); what only CloudFormation knows at deploy time is a `Symbolic` value that says what it
 * stands for (a resource's id or attribute, a parameter, an import, ...), and a string mixing both is a `Concat`.
 *
 * Pure: no constructs, no I/O.
 */

/** A value known only at deploy time. `key` identifies it: two symbolic values with the same key are the same value. */
export abstract class Symbolic {
  /** Whether it stands for a list (e.g. `GetAtt Broker.OpenWireEndpoints`), not a string. */
  public abstract readonly isList: boolean;
  /** A canonical identity, equal for the same deploy-time value. */
  public abstract readonly key: string;
  /** What it is, for a message (never a secret value). */
  public abstract describe(): string;
}

/** `Ref` to a resource: its physical id (for AWS::AmazonMQ::Broker the broker id, for a Secret its ARN). */
export class ResourceRef extends Symbolic {
  public readonly isList = false;
  public readonly key: string;
  constructor(public readonly template: string, public readonly logicalId: string) {
    super();
    this.key = `ref:${template}/${logicalId}`;
  }
  public describe(): string {
    return `Ref ${this.logicalId}`;
  }
}

/** `Fn::GetAtt` of a resource. */
export class ResourceAttribute extends Symbolic {
  public readonly key: string;
  constructor(
    public readonly template: string,
    public readonly logicalId: string,
    public readonly attribute: string,
    public readonly isList: boolean,
  ) {
    super();
    this.key = `att:${template}/${logicalId}.${attribute}`;
  }
  public describe(): string {
    return `${this.logicalId}.${this.attribute}`;
  }
}

/** What a template declares about a parameter. */
export interface ParameterInfo {
  readonly name: string;
  readonly type: string;
  readonly noEcho: boolean;
  /** The Default, as written (a string, or a list for list types). Never print it for NoEcho parameters. */
  readonly defaultValue?: unknown;
  readonly allowedValues?: string[];
}

/** `Ref` to a parameter whose value is supplied at deploy time. */
export class ParameterValue extends Symbolic {
  public readonly key: string;
  public readonly isList: boolean;
  constructor(public readonly template: string, public readonly parameter: ParameterInfo) {
    super();
    this.key = `param:${template}/${parameter.name}`;
    this.isList = /^List<|^CommaDelimitedList$|<List<|^AWS::SSM::Parameter::Value<List</.test(parameter.type);
  }
  public describe(): string {
    return `parameter ${this.parameter.name}`;
  }
}

/** A pseudo parameter (`AWS::Region`, `AWS::StackName`, ...) not known before deployment. */
export class PseudoParameter extends Symbolic {
  public readonly key: string;
  public readonly isList: boolean;
  constructor(public readonly template: string, public readonly name: string) {
    super();
    this.key = `pseudo:${template}/${name}`;
    this.isList = name === 'AWS::NotificationARNs';
  }
  public describe(): string {
    return this.name;
  }
}

/** `Fn::ImportValue`: an export of another stack, found by name when the exporting template is known. */
export class ImportedValue extends Symbolic {
  public readonly isList = false;
  public readonly key: string;
  constructor(public readonly template: string, public readonly exportName: Text) {
    super();
    this.key = `import:${textKey(exportName)}`;
  }
  public describe(): string {
    return `Fn::ImportValue ${describeText(this.exportName)}`;
  }
}

/** `Fn::Select` of a list known only at deploy time. */
export class ListElement extends Symbolic {
  public readonly isList = false;
  public readonly key: string;
  constructor(public readonly list: Symbolic, public readonly index: number) {
    super();
    this.key = `elem:${list.key}[${index}]`;
  }
  public describe(): string {
    return `${this.list.describe()}[${this.index}]`;
  }
}

/** `Fn::Join` of a list known only at deploy time. */
export class JoinedList extends Symbolic {
  public readonly isList = false;
  public readonly key: string;
  constructor(public readonly separator: string, public readonly list: Symbolic) {
    super();
    this.key = `join:${JSON.stringify(separator)}:${list.key}`;
  }
  public describe(): string {
    return `${this.list.describe()} joined with '${this.separator}'`;
  }
}

/** `Fn::Base64` of a string with deploy-time parts; `text` is what gets encoded. */
export class Base64Text extends Symbolic {
  public readonly isList = false;
  public readonly key: string;
  constructor(public readonly text: Concat) {
    super();
    this.key = `b64:${textKey(text)}`;
  }
  public describe(): string {
    return 'Fn::Base64 of a value with deploy-time parts';
  }
}

/** `Fn::GetAZs`: the Availability Zones of a region. */
export class ZoneList extends Symbolic {
  public readonly isList = true;
  public readonly key: string;
  constructor(public readonly region: Text) {
    super();
    this.key = `azs:${textKey(region)}`;
  }
  public describe(): string {
    return `Fn::GetAZs ${describeText(this.region)}`;
  }
}

/**
 * `Fn::Split` of a text whose separators are known only at deploy time (e.g. CDK's cross-stack list import,
 * `Fn::Split ["||", Fn::ImportValue ...]`): split again once the text is known (see `splitText`).
 */
export class SplitList extends Symbolic {
  public readonly isList = true;
  public readonly key: string;
  constructor(public readonly separator: string, public readonly text: Text) {
    super();
    this.key = `split:${JSON.stringify(separator)}:${textKey(text)}`;
  }
  public describe(): string {
    return `${describeText(this.text)} split at '${this.separator}'`;
  }
}

/**
 * A value the evaluator cannot follow (a macro, `Fn::Cidr`, a split of a value whose separators are not known).
 * Never equal to anything else: each has its own id.
 */
export class Opaque extends Symbolic {
  public readonly key: string;
  constructor(public readonly reason: string, id: number, public readonly isList = false) {
    super();
    this.key = `opaque:${id}`;
  }
  public describe(): string {
    return this.reason;
  }
}

/** A string made of literal parts and deploy-time parts (from `Fn::Join` or `Fn::Sub`). */
export class Concat {
  /** Parts in order; adjacent literals are merged and there is at least one symbolic part. */
  public readonly parts: ReadonlyArray<string | Symbolic>;
  constructor(parts: ReadonlyArray<string | Symbolic>) {
    this.parts = parts;
  }
}

/** A string value: a literal, a concatenation, or one symbolic scalar. */
export type Text = string | Concat | Symbolic;

/** A CloudFormation value after evaluation. */
export type CfnValue = null | boolean | number | string | Concat | Symbolic | CfnValue[] | CfnObject;

/** An evaluated JSON object. */
export interface CfnObject {
  readonly [key: string]: CfnValue;
}

/** Whether a value is an evaluated object (not a list, symbol or concatenation). */
export function isObject(v: unknown): v is CfnObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Symbolic) && !(v instanceof Concat);
}

/** Whether a value is a string-like value (literal, concatenation, or a symbolic scalar). */
export function isText(v: unknown): v is Text {
  return typeof v === 'string' || v instanceof Concat || (v instanceof Symbolic && !v.isList);
}

/** Joins parts into the simplest text: a literal when every part is one, a single symbol, or a concatenation. */
export function concat(parts: ReadonlyArray<Text>): Text {
  const out: Array<string | Symbolic> = [];
  const push = (p: string | Symbolic) => {
    if (typeof p === 'string') {
      if (p === '') return;
      if (typeof out[out.length - 1] === 'string') {
        out[out.length - 1] = (out[out.length - 1] as string) + p;
        return;
      }
    }
    out.push(p);
  };
  for (const part of parts) {
    if (part instanceof Concat) {
      part.parts.forEach(push);
    } else {
      push(part);
    }
  }
  if (out.every((p) => typeof p === 'string')) {
    return out.join('');
  }
  return out.length === 1 ? out[0] : new Concat(out);
}

/** The parts of a text. */
export function textParts(t: Text): ReadonlyArray<string | Symbolic> {
  if (t instanceof Concat) return t.parts;
  return [t];
}

/** A canonical identity of a text: equal texts have equal keys. */
export function textKey(t: Text): string {
  return textParts(t).map((p) => (typeof p === 'string' ? JSON.stringify(p) : `<${p.key}>`)).join('+');
}

/** A text for messages: literal parts as they are, symbolic parts described in `${...}`. */
export function describeText(t: Text): string {
  return textParts(t).map((p) => (typeof p === 'string' ? p : `\${${p.describe()}}`)).join('');
}

/** The symbolic parts of a text. */
export function symbolsIn(t: Text): Symbolic[] {
  return textParts(t).filter((p): p is Symbolic => typeof p !== 'string');
}
