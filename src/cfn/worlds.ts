import { CfnValue, isText, ParameterValue, PseudoParameter, Symbolic, textKey } from './values';

/** Stands for "any value other than the ones the template compares this parameter with". */
export const OTHER_VALUE = '\u0000other';

/** One deploy-time value that decides a condition or a map lookup, with the values worth trying. */
export interface WorldVariable {
  /** `param:<name>`, `pseudo:<name>` or `eq:<canonical pair>` (an `Fn::Equals` of two deploy-time values). */
  readonly key: string;
  /** For messages: `parameter Env`, `AWS::Region`, `Fn::Equals [...]`. */
  readonly label: string;
  /** The values to try; `OTHER_VALUE` for "none of the listed ones". */
  readonly domain: ReadonlyArray<string | boolean>;
  /** A NoEcho parameter: its values are never printed. */
  readonly secret: boolean;
}

/**
 * One combination of deploy-time values: which branch every unknown condition takes. A template without
 * conditions on deploy-time values has exactly one world, with no choices.
 */
export interface World {
  /** Variable key -> chosen value. */
  readonly assignment: ReadonlyMap<string, string | boolean>;
  /** The choices in words, e.g. `parameter Env = 'prod'`, empty for the only world. */
  readonly choices: ReadonlyArray<string>;
}

/** Collects, while conditions are discovered, which deploy-time values decide them. */
export class WorldVariables {
  private readonly vars = new Map<string, { label: string; domain: Array<string | boolean>; closed: boolean; secret: boolean }>();

  /** A parameter or pseudo parameter compared with (or used as a map key against) literal values. */
  public addLiterals(symbol: ParameterValue | PseudoParameter, literals: string[]): void {
    const key = variableKey(symbol);
    let v = this.vars.get(key);
    if (v === undefined) {
      const allowed = symbol instanceof ParameterValue ? symbol.parameter.allowedValues : undefined;
      const secret = symbol instanceof ParameterValue && symbol.parameter.noEcho;
      v = allowed !== undefined && allowed.length > 0
        ? { label: symbol.describe(), domain: [...allowed], closed: true, secret }
        : { label: symbol.describe(), domain: [OTHER_VALUE], closed: false, secret };
      this.vars.set(key, v);
    }
    if (!v.closed) {
      for (const l of literals) {
        if (!v.domain.includes(l)) v.domain.splice(v.domain.length - 1, 0, l);
      }
    }
  }

  /** An `Fn::Equals` of two values that are not both literals and not a parameter against a literal. */
  public addAtom(key: string, label: string): void {
    if (!this.vars.has(key)) {
      this.vars.set(key, { label, domain: [true, false], closed: true, secret: false });
    }
  }

  public list(): WorldVariable[] {
    return [...this.vars.entries()].map(([key, v]) => ({ key, label: v.label, domain: v.domain, secret: v.secret }));
  }
}

/** The key under which a parameter's or pseudo parameter's chosen value is stored in a world. */
export function variableKey(symbol: ParameterValue | PseudoParameter): string {
  return symbol instanceof ParameterValue ? `param:${symbol.parameter.name}` : `pseudo:${symbol.name}`;
}

/** The key of an `Fn::Equals` atom between two values (order-independent). */
export function atomKey(a: CfnValue, b: CfnValue): string {
  const ka = valueKey(a);
  const kb = valueKey(b);
  return `eq:${ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`}`;
}

function valueKey(v: CfnValue): string {
  if (isText(v)) return textKey(v);
  if (v instanceof Symbolic) return `<${v.key}>`;
  return JSON.stringify(v, (_k, x) => (x instanceof Symbolic ? `<${x.key}>` : x));
}

/** Thrown when the combinations of deploy-time values are too many to judge each. */
export class TooManyWorlds extends Error {
  constructor(public readonly count: number, public readonly limit: number, variables: WorldVariable[]) {
    super(`its conditions depend on ${variables.length} deploy-time values (${variables.map((v) => v.label).join(', ')}) `
      + `that combine into ${count} cases, more than the ${limit} the gate judges one by one`);
    this.name = 'TooManyWorlds';
  }
}

/** Every combination of the variables' values, at most `limit`. */
export function enumerateWorlds(variables: WorldVariable[], limit: number): World[] {
  const count = variables.reduce((n, v) => n * v.domain.length, 1);
  if (count > limit) {
    throw new TooManyWorlds(count, limit, variables);
  }
  let worlds: World[] = [{ assignment: new Map(), choices: [] }];
  for (const v of variables) {
    const next: World[] = [];
    for (const w of worlds) {
      for (const value of v.domain) {
        const assignment = new Map(w.assignment);
        assignment.set(v.key, value);
        next.push({ assignment, choices: [...w.choices, describeChoice(v, value)] });
      }
    }
    worlds = next;
  }
  return worlds;
}

function describeChoice(v: WorldVariable, value: string | boolean): string {
  if (typeof value === 'boolean') return `${v.label} is ${value}`;
  if (value === OTHER_VALUE) return `${v.label} is none of the values the template compares it with`;
  return v.secret ? `${v.label} (NoEcho) = value #${v.domain.indexOf(value) + 1} the template compares it with` : `${v.label} = '${value}'`;
}
