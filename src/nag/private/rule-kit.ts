import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { AppIndex, BrokerFacts, ConnectorFacts, isBroker } from './app-index';

/** The broker a rule is looking at, with the app index of the validation run. */
export interface RuleSubject {
  readonly broker: CfnBroker;
  readonly index: AppIndex;
  readonly facts: BrokerFacts;
  /** Reports the broker as non-compliant, with a detail for the finding's sentence. */
  fail(detail?: string): NagRuleResult;
}

/**
 * Makes a rule function named after its file (the rule ID suffix). The body runs only for ActiveMQ brokers and
 * for brokers whose engine is not known at synth time; everything else is NOT_APPLICABLE.
 */
export function defineRule(
  file: string,
  body: (subject: RuleSubject) => NagRuleResult,
  options: { readonly unknownEngine?: boolean } = {},
): (node: CfnResource) => NagRuleResult {
  const name = parse(file).name;
  const rule = (node: CfnResource): NagRuleResult => {
    if (!isBroker(node)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const index = AppIndex.of(node);
    const facts = index.factsOf(node);
    if (facts.engine === 'RABBITMQ' || (facts.engine === 'UNKNOWN' && !options.unknownEngine)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return body({
      broker: node,
      index,
      facts,
      fail: (detail?: string) => {
        if (detail !== undefined) {
          index.note(node, name, detail);
        }
        return NagRuleCompliance.NON_COMPLIANT;
      },
    });
  };
  Object.defineProperty(rule, 'name', { value: name });
  return rule;
}

/**
 * A boolean property: `true`/`false` (also as strings), `undefined` when absent. Throws when it is not known at
 * synth time, so the rule fails closed.
 */
export function booleanProperty(node: CfnResource, value: unknown, prop: string): boolean | undefined {
  const v = Stack.of(node).resolve(value);
  if (v === undefined) {
    return undefined;
  }
  if (v === true || v === 'true') {
    return true;
  }
  if (v === false || v === 'false') {
    return false;
  }
  throw new Error(`${prop} is ${JSON.stringify(v)}, which is not known at synth time`);
}

/** An object-valued property resolved, or undefined when absent. Throws when it is a token. */
export function objectProperty(node: CfnResource, value: unknown, prop: string): { [key: string]: unknown } | undefined {
  const v = Stack.of(node).resolve(value);
  if (v === undefined) {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).some((k) => k.startsWith('Fn::') || k === 'Ref')) {
    throw new Error(`${prop} is ${JSON.stringify(v)}, which is not known at synth time`);
  }
  return v;
}

/** A value read with either the L1 (camelCase) or the CloudFormation (PascalCase) key. */
export function field(obj: { [key: string]: unknown } | undefined, camel: string): unknown {
  if (obj === undefined) {
    return undefined;
  }
  return obj[camel] ?? obj[camel.charAt(0).toUpperCase() + camel.slice(1)];
}

/** A connector's name for a message, `(unnamed)` when its XML gives none. */
export function connectorName(c: ConnectorFacts): string {
  return c.name ?? '(unnamed)';
}

/** Quotes and joins names for a message: `'a', 'b' and 'c'`. */
export function listNames(items: string[], max = 5): string {
  const shown = items.slice(0, max).map((i) => `'${i}'`);
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  if (more) {
    return shown.join(', ') + more;
  }
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
