import { CfnValue, isText, ParameterValue } from '../../cfn';

/**
 * A boolean property as deployed: true/false (CloudFormation also accepts the strings, in any case), undefined
 * when absent. A parameter whose AllowedValues are all one boolean is that boolean. Throws when the value is
 * known only at deploy time, so the rule fails closed.
 */
export function booleanValue(v: CfnValue | undefined, prop: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  if (v instanceof ParameterValue && v.parameter.allowedValues !== undefined && v.parameter.allowedValues.length > 0) {
    const set = new Set(v.parameter.allowedValues.map((a) => a.toLowerCase()));
    if (set.size === 1 && (set.has('true') || set.has('false'))) return set.has('true');
  }
  const what = v instanceof ParameterValue ? `${v.describe()}` : isText(v) ? 'a value' : JSON.stringify(v);
  throw new Error(`${prop} is ${what}, which is not known before deployment`);
}
