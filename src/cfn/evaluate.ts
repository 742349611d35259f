import { CfnEvaluationError, ImpossibleWorld } from './errors';
import { applyFunction, IntrinsicHost } from './intrinsics';
import {
  CfnObject, CfnValue, isText, Opaque, ParameterInfo, ParameterValue, PseudoParameter, ResourceAttribute, ResourceRef, Symbolic, Text,
} from './values';
import { atomKey, enumerateWorlds, OTHER_VALUE, variableKey, World, WorldVariables } from './worlds';

/** One template to evaluate. */
export interface TemplateInput {
  /** A unique id among the templates judged together (a stack's artifact id, a file path). */
  readonly id: string;
  /** The parsed template (see `parseTemplate`). */
  readonly body: { readonly [section: string]: unknown };
  /** The region the stack deploys to, when known (a CDK stack with an `env`). */
  readonly region?: string;
  /** The account the stack deploys to, when known. */
  readonly account?: string;
  /** Parameter values given from outside, e.g. a nested stack's `Parameters` evaluated in its parent. */
  readonly parameterValues?: ReadonlyMap<string, CfnValue>;
}

/** Numbers opaque values; one per run, so no two opaque values are ever equal. */
export class OpaqueIds {
  private n = 0;
  public next(): number {
    return this.n++;
  }
}

/** Options of `evaluateTemplate`. */
export interface EvaluateOptions {
  /** The most combinations of deploy-time condition values judged one by one (default 64); more throws `TooManyWorlds`. */
  readonly maxWorlds?: number;
  /**
   * Only the conditions that decide resources of these types (and outputs) split worlds; other conditions are
   * evaluated only when asked and count as true when they depend on values not enumerated.
   * @default - every condition of the template
   */
  readonly relevantTypes?: ReadonlyArray<string>;
  /** The run's opaque-value counter. */
  readonly ids?: OpaqueIds;
}

/** The value `Ref AWS::NoValue` evaluates to: the property or list entry is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** A resource CloudFormation creates in one world. */
export interface EvaluatedResource {
  readonly logicalId: string;
  readonly type: string;
}

/** An output in one world. */
export interface EvaluatedOutput {
  readonly name: string;
  /** The export name, when the output is exported. */
  readonly exportName?: Text;
}

/** Attributes that are lists (one entry per broker instance, ...); every other attribute is a string. */
const LIST_ATTRIBUTES: { readonly [type: string]: ReadonlyArray<string> } = {
  'AWS::AmazonMQ::Broker': ['OpenWireEndpoints', 'AmqpEndpoints', 'StompEndpoints', 'MqttEndpoints', 'WssEndpoints', 'IpAddresses', 'ConsoleURLs'],
  'AWS::EC2::VPC': ['CidrBlockAssociations', 'Ipv6CidrBlocks'],
  'AWS::EC2::Subnet': ['Ipv6CidrBlocks'],
};

/**
 * Evaluates a template as CloudFormation would deploy it, once per combination of the deploy-time values its
 * conditions depend on (parameters compared with literals, `Fn::Equals` of two deploy-time values, map keys from
 * a parameter). A template whose conditions are all known has one evaluation.
 */
export function evaluateTemplate(input: TemplateInput, options: EvaluateOptions = {}): TemplateEvaluation[] {
  const ids = options.ids ?? new OpaqueIds();
  const variables = new WorldVariables();
  new TemplateEvaluation(input, { assignment: new Map(), choices: [] }, ids, variables).discover(options.relevantTypes);
  return enumerateWorlds(variables.list(), options.maxWorlds ?? 64).map((w) => new TemplateEvaluation(input, w, ids));
}

/**
 * A template in one world: which resources exist, and their properties, metadata and outputs evaluated on demand
 * (each once). Errors name the template and the path of the value.
 */
export class TemplateEvaluation implements IntrinsicHost {
  public readonly id: string;
  private readonly resources: { readonly [id: string]: any };
  private readonly parameters: { readonly [id: string]: any };
  private readonly conditionDefs: { readonly [id: string]: unknown };
  private readonly conditionCache = new Map<string, boolean>();
  private readonly conditionStack: string[] = [];
  private readonly propertyCache = new Map<string, CfnObject>();

  constructor(
    public readonly input: TemplateInput,
    public readonly world: World,
    public readonly ids: OpaqueIds,
    private readonly discovering?: WorldVariables,
  ) {
    this.id = input.id;
    this.resources = section(input, 'Resources');
    this.parameters = section(input, 'Parameters');
    this.conditionDefs = section(input, 'Conditions');
  }

  /** The resources created in this world (of one type, when given), in template order. */
  public resourceList(type?: string): EvaluatedResource[] {
    return Object.keys(this.resources)
      .filter((id) => (type === undefined || this.typeOf(id) === type) && this.exists(id))
      .map((id) => ({ logicalId: id, type: this.typeOf(id)! }));
  }

  /** Whether a resource of the template is created in this world. */
  public exists(logicalId: string): boolean {
    const r = this.resources[logicalId];
    if (r === undefined || r === null || typeof r !== 'object') return false;
    try {
      return r.Condition === undefined || this.condition(String(r.Condition), `Resources.${logicalId}.Condition`);
    } catch (e) {
      if (e instanceof NotEnumerated) return true; // a condition that decides nothing the caller judges
      throw e;
    }
  }

  /** The resource type, whether or not it is created in this world. */
  public typeOf(logicalId: string): string | undefined {
    const t = this.resources[logicalId]?.Type;
    return typeof t === 'string' ? t : undefined;
  }

  /** A resource's properties as CloudFormation deploys them in this world. */
  public properties(logicalId: string): CfnObject {
    let p = this.propertyCache.get(logicalId);
    if (p === undefined) {
      const v = this.evaluate(this.resources[logicalId]?.Properties ?? {}, `Resources.${logicalId}.Properties`);
      p = v === NO_VALUE ? {} : (v as CfnObject);
      if (p === null || typeof p !== 'object' || Array.isArray(p) || p instanceof Symbolic) {
        throw new CfnEvaluationError(this.id, `Resources.${logicalId}.Properties`, 'Properties is not an object');
      }
      this.propertyCache.set(logicalId, p);
    }
    return p;
  }

  /** A resource's Metadata evaluated in this world (undefined when absent). */
  public metadata(logicalId: string): CfnValue | undefined {
    const m = this.resources[logicalId]?.Metadata;
    if (m === undefined) return undefined;
    const v = this.evaluate(m, `Resources.${logicalId}.Metadata`);
    return v === NO_VALUE ? undefined : v;
  }

  /** The outputs that exist in this world. */
  public outputList(): EvaluatedOutput[] {
    const outputs = section(this.input, 'Outputs');
    return Object.keys(outputs).filter((name) => {
      const c = outputs[name]?.Condition;
      return c === undefined || this.condition(String(c), `Outputs.${name}.Condition`);
    }).map((name) => {
      const e = outputs[name]?.Export?.Name;
      const exportName = e === undefined ? undefined : this.evaluate(e, `Outputs.${name}.Export.Name`);
      return { name, exportName: exportName !== undefined && isText(exportName) ? exportName : undefined };
    });
  }

  /** An output's value in this world. */
  public outputValue(name: string): CfnValue {
    const v = this.evaluate(section(this.input, 'Outputs')[name]?.Value, `Outputs.${name}.Value`);
    return v === NO_VALUE ? null : v;
  }

  /** A parameter declared by the template. */
  public parameter(name: string): ParameterInfo | undefined {
    const p = this.parameters[name];
    if (p === undefined || p === null || typeof p !== 'object') return undefined;
    return {
      name,
      type: String(p.Type ?? 'String'),
      noEcho: p.NoEcho === true || String(p.NoEcho).toLowerCase() === 'true',
      defaultValue: p.Default,
      allowedValues: Array.isArray(p.AllowedValues) ? p.AllowedValues.map(String) : undefined,
    };
  }

  /** Evaluates a JSON value of this template in this world. */
  public evaluate(node: unknown, where: string): CfnValue | typeof NO_VALUE {
    if (node === null || typeof node !== 'object') {
      if (node === undefined) return null;
      return node as CfnValue;
    }
    if (Array.isArray(node)) {
      const out: CfnValue[] = [];
      node.forEach((n, i) => {
        const v = this.evaluate(n, `${where}[${i}]`);
        if (v !== NO_VALUE) out.push(v);
      });
      return out;
    }
    const keys = Object.keys(node);
    const fn = keys.find((k) => k === 'Ref' || k.startsWith('Fn::'));
    if (fn !== undefined) {
      if (keys.length !== 1) {
        throw new CfnEvaluationError(this.id, where, `${fn} must be the only key of its object, found ${keys.join(', ')}`);
      }
      return applyFunction(this, fn, (node as any)[fn], where) as CfnValue | typeof NO_VALUE;
    }
    const out: { [key: string]: CfnValue } = {};
    for (const k of keys) {
      const v = this.evaluate((node as any)[k], `${where}.${k}`);
      if (v !== NO_VALUE) out[k] = v;
    }
    return out;
  }

  /** The value of a named condition in this world. */
  public condition(name: string, where: string): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (!(name in this.conditionDefs)) {
      throw new CfnEvaluationError(this.id, where, `condition '${name}' is not declared in Conditions`);
    }
    if (this.conditionStack.includes(name)) {
      throw new CfnEvaluationError(this.id, where, `condition '${name}' depends on itself (${[...this.conditionStack, name].join(' -> ')})`);
    }
    this.conditionStack.push(name);
    try {
      const v = this.conditionExpression(this.conditionDefs[name], `Conditions.${name}`);
      this.conditionCache.set(name, v);
      return v;
    } finally {
      this.conditionStack.pop();
    }
  }

  /** Evaluates the conditions that matter once, to learn which deploy-time values decide them. */
  public discover(relevantTypes?: ReadonlyArray<string>): void {
    const roots: unknown[] = [];
    if (relevantTypes === undefined) {
      roots.push(this.input.body);
      Object.keys(this.conditionDefs).forEach((name) => this.condition(name, `Conditions.${name}`));
    } else {
      for (const [id, r] of Object.entries(this.resources)) {
        if (relevantTypes.includes(this.typeOf(id) ?? '')) roots.push(r);
      }
      roots.push(this.input.body.Outputs);
      for (const name of conditionNames(roots)) {
        if (name in this.conditionDefs) this.condition(name, `Conditions.${name}`);
      }
    }
    roots.forEach((r) => this.discoverMapKeys(r));
  }

  /** `Ref` of a name: a parameter, a pseudo parameter or a resource. */
  public ref(name: string, where: string): CfnValue | typeof NO_VALUE {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const given = this.input.parameterValues?.get(name);
    if (given !== undefined) return given;
    const param = this.parameter(name);
    if (param !== undefined) {
      const symbol = new ParameterValue(this.id, param);
      const chosen = this.world.assignment.get(variableKey(symbol));
      return typeof chosen === 'string' && chosen !== OTHER_VALUE ? chosen : symbol;
    }
    if (name.startsWith('AWS::')) return this.pseudo(name, where);
    if (name in this.resources) return new ResourceRef(this.id, name);
    throw new CfnEvaluationError(this.id, where, `Ref '${name}' names no parameter, pseudo parameter or resource of the template`);
  }

  /** `Fn::GetAtt` of a resource of this template. */
  public getAtt(logicalId: string, attribute: string, where: string): CfnValue {
    const type = this.typeOf(logicalId);
    if (type === undefined) {
      throw new CfnEvaluationError(this.id, where, `Fn::GetAtt names '${logicalId}', which is not a resource of the template`);
    }
    return new ResourceAttribute(this.id, logicalId, attribute, (LIST_ATTRIBUTES[type] ?? []).includes(attribute));
  }

  /** A `Fn::FindInMap` lookup. */
  public mapping(name: string): unknown {
    return section(this.input, 'Mappings')[name];
  }

  /** Called by `Fn::FindInMap` when a key is not in the map: CloudFormation fails, so the world cannot deploy. */
  public missingMapKey(where: string, detail: string, keyWasChosen: boolean): never {
    if (keyWasChosen) throw new ImpossibleWorld(this.id, `${where}: ${detail}`);
    throw new CfnEvaluationError(this.id, where, detail);
  }

  /** A new opaque value. */
  public opaque(reason: string, isList = false): Opaque {
    return new Opaque(reason, this.ids.next(), isList);
  }

  /** Whether a map key is a deploy-time value chosen for this world (not a literal of the template). */
  public isChosen(node: unknown): boolean {
    if (node === null || typeof node !== 'object' || !('Ref' in (node as object))) return false;
    const name = String((node as { Ref: unknown }).Ref);
    return this.world.assignment.has(`param:${name}`) || this.world.assignment.has(`pseudo:${name}`);
  }

  private pseudo(name: string, where: string): CfnValue {
    const known = name === 'AWS::Region' ? this.input.region : name === 'AWS::AccountId' ? this.input.account : undefined;
    if (known !== undefined) return known;
    if (name === 'AWS::Partition' || name === 'AWS::URLSuffix') {
      const region = this.input.region;
      if (region !== undefined) {
        const china = region.startsWith('cn-');
        if (name === 'AWS::URLSuffix') return china ? 'amazonaws.com.cn' : 'amazonaws.com';
        return china ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
      }
    }
    const known2 = ['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix'];
    if (!known2.includes(name)) {
      throw new CfnEvaluationError(this.id, where, `'${name}' is not a CloudFormation pseudo parameter`);
    }
    const symbol = new PseudoParameter(this.id, name);
    const chosen = this.world.assignment.get(variableKey(symbol));
    return typeof chosen === 'string' && chosen !== OTHER_VALUE ? chosen : symbol;
  }

  private conditionExpression(node: unknown, where: string): boolean {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      if (typeof node === 'boolean') return node;
      throw new CfnEvaluationError(this.id, where, 'a condition is Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: name}');
    }
    const keys = Object.keys(node);
    const arg = (node as any)[keys[0]];
    if (keys.length !== 1) {
      throw new CfnEvaluationError(this.id, where, `a condition function must be the only key of its object, found ${keys.join(', ')}`);
    }
    const list = (): unknown[] => {
      if (!Array.isArray(arg)) throw new CfnEvaluationError(this.id, where, `${keys[0]} takes a list`);
      return arg;
    };
    switch (keys[0]) {
      case 'Condition': return this.condition(String(arg), where);
      case 'Fn::Not': return !this.conditionExpression(list()[0], `${where}.Fn::Not[0]`);
      case 'Fn::And': return list().map((c, i) => this.conditionExpression(c, `${where}.Fn::And[${i}]`)).every((x) => x);
      case 'Fn::Or': return list().map((c, i) => this.conditionExpression(c, `${where}.Fn::Or[${i}]`)).some((x) => x);
      case 'Fn::Equals': {
        const [a, b] = list();
        return this.equals(this.evaluate(a, `${where}.Fn::Equals[0]`), this.evaluate(b, `${where}.Fn::Equals[1]`), where);
      }
      default:
        throw new CfnEvaluationError(this.id, where, `${keys[0]} is not a condition function`);
    }
  }

  private equals(a: CfnValue | typeof NO_VALUE, b: CfnValue | typeof NO_VALUE, where: string): boolean {
    const literal = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    if (literal(a) && literal(b)) return String(a) === String(b);
    if (a === NO_VALUE || b === NO_VALUE) {
      throw new CfnEvaluationError(this.id, where, 'Fn::Equals compares AWS::NoValue');
    }
    const deployTime = (v: unknown): v is ParameterValue | PseudoParameter => v instanceof ParameterValue || v instanceof PseudoParameter;
    if ((deployTime(a) && literal(b)) || (deployTime(b) && literal(a))) {
      const [symbol, value] = deployTime(a) ? [a, String(b)] : [b as ParameterValue | PseudoParameter, String(a)];
      if (this.discovering !== undefined) {
        this.discovering.addLiterals(symbol, [value]);
        return false;
      }
      // In a world, a compared parameter is a literal unless it was chosen as "none of the compared values".
      if (this.world.assignment.get(variableKey(symbol)) === OTHER_VALUE) return false;
      if (!this.world.assignment.has(variableKey(symbol))) {
        throw new NotEnumerated(this.id, where, `${symbol.describe()} decides nothing judged, so its values were not enumerated`);
      }
    }
    const key = atomKey(a, b);
    if (this.discovering !== undefined) {
      this.discovering.addAtom(key, `Fn::Equals at ${where}`);
      return false;
    }
    const chosen = this.world.assignment.get(key);
    if (typeof chosen !== 'boolean') {
      throw new NotEnumerated(this.id, where, 'Fn::Equals of deploy-time values that decide nothing judged, so they were not enumerated');
    }
    return chosen;
  }

  private discoverMapKeys(node: unknown): void {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((n) => this.discoverMapKeys(n));
      return;
    }
    const find = (node as any)['Fn::FindInMap'];
    if (Array.isArray(find) && typeof find[0] === 'string') {
      const map = this.mapping(find[0]);
      const levels: Array<[unknown, string[]]> = [];
      if (map !== null && typeof map === 'object') {
        const top = Object.keys(map);
        const second = [...new Set(top.flatMap((k) => Object.keys((map as any)[k] ?? {})))];
        levels.push([find[1], top], [find[2], second]);
      }
      for (const [keyNode, keys] of levels) {
        if (keyNode !== null && typeof keyNode === 'object' && typeof (keyNode as any).Ref === 'string') {
          const v = this.ref((keyNode as any).Ref, 'Fn::FindInMap');
          if (v instanceof ParameterValue || v instanceof PseudoParameter) this.discovering?.addLiterals(v, keys);
        }
      }
    }
    for (const k of Object.keys(node)) this.discoverMapKeys((node as any)[k]);
  }
}

/** A condition asked for that depends on deploy-time values which were not enumerated (see `relevantTypes`). */
export class NotEnumerated extends CfnEvaluationError {}

/** The condition names a part of a template uses (`Condition:` keys and `Fn::If` first arguments). */
function conditionNames(nodes: unknown[]): Set<string> {
  const out = new Set<string>();
  const walk = (n: unknown) => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    for (const [k, v] of Object.entries(n)) {
      if (k === 'Condition' && typeof v === 'string') out.add(v);
      if (k === 'Fn::If' && Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
      walk(v);
    }
  };
  nodes.forEach(walk);
  return out;
}

function section(input: TemplateInput, name: string): { readonly [key: string]: any } {
  const s = input.body[name];
  return s !== null && typeof s === 'object' && !Array.isArray(s) ? (s as { [key: string]: any }) : {};
}
