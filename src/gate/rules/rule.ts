import { parse } from 'path';
import { ImpossibleWorld } from '../../cfn';
import { GateOptions, Level, ResourceKey } from '../model';
import { AppWorld } from '../private/app-world';
import { BrokerFacts, Brokers } from '../private/brokers';

/** The rule ID prefix and plugin name. */
export const PACK = 'ActiveMqMesh';

/** What a rule sees: the app in one world, every broker, the run's options and a cache owned by the run. */
export interface RuleContext {
  readonly world: AppWorld;
  readonly brokers: Brokers;
  readonly options: GateOptions;
  /** Today, `YYYY-MM-DD`. */
  readonly today: string;
  /** Computes a value once per world (e.g. per mesh component). */
  memo<T>(key: string, fn: () => T): T;
}

/** A non-compliant broker: what is wrong, and the other resources that cause it. */
export interface RuleViolation {
  readonly detail: string;
  readonly involved?: ResourceKey[];
}

/** One rule: its ID (the file name), level, words and check, in one place. */
export interface GateRule {
  /** The rule ID without the prefix, e.g. `StandaloneBroker`. */
  readonly id: string;
  readonly level: Level;
  /** Completes "the broker <path> ...", e.g. `is not part of a network of brokers`. */
  readonly problem: string;
  /** What to do, as an imperative. */
  readonly fix: string;
  /** Why the rule exists. */
  readonly explanation: string;
  /** Checks one ActiveMQ broker (or one whose engine is not known before deployment); undefined when compliant. */
  check(broker: BrokerFacts, context: RuleContext): RuleViolation | undefined;
}

/** Defines a rule named after its file. */
export function defineRule(file: string, rule: Omit<GateRule, 'id'>): GateRule {
  return { id: parse(file).name, ...rule };
}

/**
 * Runs a check that throws when a value it needs is known only at deploy time, and turns that into a finding of the
 * same rule saying so (fail closed).
 */
export function unlessUnknown(check: () => RuleViolation | undefined): RuleViolation | undefined {
  try {
    return check();
  } catch (e) {
    if (e instanceof ImpossibleWorld) throw e;
    return { detail: `it could not be verified: ${(e as Error).message}` };
  }
}

/** Quotes and joins names for a message: `'a', 'b' and 'c'`. */
export function listNames(items: string[], max = 5): string {
  const shown = items.slice(0, max).map((i) => `'${i}'`);
  if (items.length > max) return `${shown.join(', ')} and ${items.length - max} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
