import { Duration, Token, Tokenization } from 'aws-cdk-lib';
import { ClientProtocol } from './client-protocol';
import { withClientScheme } from './client-schemes';
import { joinEndpoints, matchingParen, splitTopLevel, topLevelQuestionMark } from './uri-syntax';

/**
 * Reconnect behaviour of a client failover URI.
 *
 * One struct serves both OpenWire clients (ActiveMQ's `failover:` transport) and AMQP clients (Qpid JMS's
 * `failover:` provider). The names follow ActiveMQ; for AMQP each option is written under its Qpid JMS name:
 *
 * | Option | OpenWire key | AMQP (Qpid JMS) key |
 * |---|---|---|
 * | `randomize` | `randomize` | `failover.randomize` |
 * | `initialReconnectDelay` | `initialReconnectDelay` | `failover.reconnectDelay` (*) |
 * | `maxReconnectDelay` | `maxReconnectDelay` | `failover.maxReconnectDelay` |
 * | `useExponentialBackOff` | `useExponentialBackOff` | `failover.useReconnectBackOff` |
 * | `backOffMultiplier` | `reconnectDelayExponent` (**) | `failover.reconnectBackOffMultiplier` |
 * | `maxReconnectAttempts` | `maxReconnectAttempts` | `failover.maxReconnectAttempts` |
 * | `startupMaxReconnectAttempts` | `startupMaxReconnectAttempts` | `failover.startupMaxReconnectAttempts` |
 * | `timeout` | `timeout` | not supported (error) |
 *
 * (*) ActiveMQ's `initialReconnectDelay` is the first delay of the back-off series; in Qpid JMS that is
 * `failover.reconnectDelay`. Qpid's own `failover.initialReconnectDelay` (a wait before the very first attempt,
 * default 0, as in ActiveMQ) is left alone; set it through `extraOptions` if you need it.
 *
 * (**) ActiveMQ's failover transport reads the multiplier from `reconnectDelayExponent` (its setter name) and
 * rejects unknown keys, so `backOffMultiplier=` must not be written.
 */
export interface FailoverOptions {
  /**
   * Pick the endpoints in random order, which spreads clients across the brokers of the mesh.
   *
   * @default true (FailoverUri.LIBRARY_DEFAULTS)
   */
  readonly randomize?: boolean;

  /**
   * Delay before the second connection attempt; with back-off, each further delay is multiplied by
   * `backOffMultiplier`. Must be a whole number of milliseconds, at least 1 ms.
   *
   * @default Duration.millis(10) (FailoverUri.LIBRARY_DEFAULTS)
   */
  readonly initialReconnectDelay?: Duration;

  /**
   * Longest delay between two connection attempts. Must be at least `initialReconnectDelay`.
   *
   * @default Duration.seconds(5) (FailoverUri.LIBRARY_DEFAULTS)
   */
  readonly maxReconnectDelay?: Duration;

  /**
   * Grow the delay between attempts by `backOffMultiplier` after each failed attempt.
   *
   * @default true (FailoverUri.LIBRARY_DEFAULTS)
   */
  readonly useExponentialBackOff?: boolean;

  /**
   * Factor applied to the reconnect delay after each failed attempt. At least 1.
   *
   * @default - not written; the client's default applies (2 for both ActiveMQ and Qpid JMS)
   */
  readonly backOffMultiplier?: number;

  /**
   * Attempts after a connection was lost before the client gives up; -1 means never give up, 0 means do not
   * reconnect.
   *
   * @default - not written; the client's default applies (-1, retry forever)
   */
  readonly maxReconnectAttempts?: number;

  /**
   * Attempts for the very first connection before the client gives up; -1 means use `maxReconnectAttempts`.
   *
   * @default - not written; the client's default applies (-1)
   */
  readonly startupMaxReconnectAttempts?: number;

  /**
   * OpenWire only: how long a send blocks while the client is reconnecting before it fails with an error.
   * At least 1 ms. Using it with `FailoverUri.amqp` is an error (Qpid JMS has no such option).
   *
   * @default - not written; sends block until the client reconnects
   */
  readonly timeout?: Duration;

  /**
   * Further query options, written verbatim after the typed ones (sorted by key). For AMQP give the full
   * Qpid JMS key, e.g. `failover.warnAfterReconnectAttempts` or `jms.prefetchPolicy.all`. A key that one of the
   * typed options above writes is an error: use the typed option instead.
   *
   * @default - none
   */
  readonly extraOptions?: { [key: string]: string };
}

/**
 * The parts of a failover URI, as returned by `FailoverUri.parse`.
 */
export interface ParsedFailoverUri {
  /** The endpoints inside `failover:(...)`, in order. */
  readonly endpoints: string[];
  /** The query options after the closing parenthesis, raw (not URL-decoded), keyed by option name. */
  readonly options: { [key: string]: string };
}

/** The typed options in the order they are written, with their key per protocol. */
interface OptionKey {
  readonly option: keyof FailoverOptions;
  readonly openWire: string;
  readonly amqp?: string;
}

const OPTION_KEYS: OptionKey[] = [
  { option: 'randomize', openWire: 'randomize', amqp: 'failover.randomize' },
  { option: 'initialReconnectDelay', openWire: 'initialReconnectDelay', amqp: 'failover.reconnectDelay' },
  { option: 'maxReconnectDelay', openWire: 'maxReconnectDelay', amqp: 'failover.maxReconnectDelay' },
  { option: 'useExponentialBackOff', openWire: 'useExponentialBackOff', amqp: 'failover.useReconnectBackOff' },
  { option: 'backOffMultiplier', openWire: 'reconnectDelayExponent', amqp: 'failover.reconnectBackOffMultiplier' },
  { option: 'maxReconnectAttempts', openWire: 'maxReconnectAttempts', amqp: 'failover.maxReconnectAttempts' },
  { option: 'startupMaxReconnectAttempts', openWire: 'startupMaxReconnectAttempts', amqp: 'failover.startupMaxReconnectAttempts' },
  { option: 'timeout', openWire: 'timeout' },
];

const EXTRA_KEY = /^[A-Za-z0-9_.-]+$/;
const EXTRA_VALUE_FORBIDDEN = /[&?#\s]/;

type Protocol = 'openWire' | 'amqp';

/**
 * Builds and parses client failover URIs for a mesh of brokers.
 *
 * A client given every broker of the mesh reconnects to another broker when its broker fails; the network
 * connectors then carry its messages to consumers elsewhere. The query string is written once, after the
 * closing parenthesis, in a stable order; durations are written in milliseconds. Endpoints may be CDK tokens,
 * including encoded list tokens such as each broker's `attrOpenWireEndpoints` (spread into one array), which are
 * joined with `Fn.join(',', list)`.
 *
 * @see https://activemq.apache.org/components/classic/documentation/failover-transport-reference
 * @see https://qpid.apache.org/releases/qpid-jms-2.5.0/docs/index.html#failover-configuration-options
 */
export class FailoverUri {
  /**
   * The defaults this library writes into every failover URI: randomize, 10 ms first delay doubling to at most
   * 5 s, retry forever.
   *
   * Measured with the failover drill on real brokers (BENCHMARKS.md, "Failover time to recover"): a 10 ms first
   * delay resumes traffic 46 ms after the client's broker is killed (100 ms: 129 ms); the 5 s ceiling brings
   * clients back within about 1.5 s of a whole mesh that was down for 14 s (ActiveMQ's 30 s ceiling: 6.9 s).
   * `randomize` spreads clients over the mesh.
   */
  public static readonly LIBRARY_DEFAULTS: FailoverOptions = Object.freeze({
    randomize: true,
    initialReconnectDelay: Duration.millis(10),
    maxReconnectDelay: Duration.seconds(5),
    useExponentialBackOff: true,
  });

  /**
   * ActiveMQ's own failover defaults, to pass explicitly when you want the client's stock behaviour:
   * randomize, 10 ms first delay, 30 s ceiling, exponential back-off by 2, retry forever.
   */
  public static readonly ACTIVEMQ_DEFAULTS: FailoverOptions = Object.freeze({
    randomize: true,
    initialReconnectDelay: Duration.millis(10),
    maxReconnectDelay: Duration.seconds(30),
    useExponentialBackOff: true,
    backOffMultiplier: 2,
    maxReconnectAttempts: -1,
    startupMaxReconnectAttempts: -1,
  });

  /**
   * An OpenWire failover URI, e.g. `failover:(ssl://a:61617,ssl://b:61617)?randomize=true&...`.
   *
   * @param endpoints the OpenWire endpoints of every broker a client may use (strings, string tokens, or one
   *   encoded list token)
   * @param options reconnect behaviour, merged over `FailoverUri.LIBRARY_DEFAULTS`
   */
  public static openWire(endpoints: string[], options: FailoverOptions = {}): string {
    return FailoverUri.render(endpoints, options, 'openWire');
  }

  /**
   * An AMQP (Qpid JMS) failover URI, e.g. `failover:(amqps://a:5671,amqps://b:5671)?failover.randomize=true&...`.
   * See `FailoverOptions` for how each option maps to its `failover.`-prefixed Qpid JMS key. Amazon MQ's
   * `amqp+ssl://` endpoints (its `AmqpEndpoints`) are written as `amqps://`, the scheme Qpid JMS reads; for tokens
   * CloudFormation does the rewrite (see `withClientScheme`).
   *
   * @param endpoints the AMQP endpoints of every broker a client may use
   * @param options reconnect behaviour, merged over `FailoverUri.LIBRARY_DEFAULTS`; `timeout` is an error
   */
  public static amqp(endpoints: string[], options: FailoverOptions = {}): string {
    return FailoverUri.render(endpoints, options, 'amqp');
  }

  /**
   * The endpoints joined with commas, for clients without a failover URI syntax (STOMP, MQTT, WSS), which take a
   * host list instead.
   *
   * @param endpoints the endpoints
   * @param protocol when given, Amazon MQ's scheme is rewritten to the one the protocol's clients read (MQTT:
   *   `mqtt+ssl://` becomes `ssl://`; see `CLIENT_SCHEMES`)
   */
  public static endpointList(endpoints: string[], protocol?: ClientProtocol): string {
    const joined = joinEndpoints(endpoints, 'endpoints');
    return protocol === undefined ? joined : withClientScheme(protocol, joined);
  }

  /**
   * Splits a failover URI into its endpoints and its raw query options; the inverse of `openWire` and `amqp`.
   * Accepts `failover:(a,b)?k=v`, `failover://(a,b)` and `failover:a,b`. Token placeholders are kept as text.
   *
   * @param uri the failover URI
   */
  public static parse(uri: string): ParsedFailoverUri {
    const match = /^failover:(\/\/)?/i.exec(uri);
    if (!match) {
      throw new Error(`uri must start with 'failover:', got '${uri}': pass a failover URI such as 'failover:(ssl://a:61617,ssl://b:61617)'.`);
    }
    const rest = uri.slice(match[0].length);
    let inner: string;
    let query: string | undefined;
    if (rest.startsWith('(')) {
      const close = matchingParen(rest, 0);
      if (close < 0) {
        throw new Error(`uri has an unclosed '(' in '${uri}': close the endpoint list with ')'.`);
      }
      inner = rest.slice(1, close);
      const after = rest.slice(close + 1);
      if (after.length > 0) {
        if (!after.startsWith('?')) {
          throw new Error(`uri has unexpected text '${after}' after the endpoint list in '${uri}': only '?options' may follow ')'.`);
        }
        query = after.slice(1);
      }
    } else {
      const q = topLevelQuestionMark(rest);
      inner = q < 0 ? rest : rest.slice(0, q);
      query = q < 0 ? undefined : rest.slice(q + 1);
    }
    const endpoints = splitTopLevel(inner, ',').map(e => e.trim()).filter(e => e.length > 0);
    if (endpoints.length === 0) {
      throw new Error(`uri has no endpoints in '${uri}': list at least one endpoint inside 'failover:(...)'.`);
    }
    return { endpoints, options: parseQuery(query, uri) };
  }

  private static render(endpoints: string[], options: FailoverOptions, protocol: Protocol): string {
    const listed = joinEndpoints(endpoints, 'endpoints');
    const joined = protocol === 'amqp' ? withClientScheme(ClientProtocol.AMQP, listed) : listed;
    const merged = mergeOverDefaults(options);
    const pairs = renderOptions(merged, protocol);
    const query = pairs.map(([k, v]) => `${k}=${v}`).join('&');
    return `failover:(${joined})${query.length > 0 ? `?${query}` : ''}`;
  }

  private constructor() {
    // static methods only
  }
}

function mergeOverDefaults(options: FailoverOptions): FailoverOptions {
  const merged: { [key: string]: unknown } = { ...FailoverUri.LIBRARY_DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) {
      merged[key] = value;
    }
  }
  return merged as FailoverOptions;
}

function renderOptions(options: FailoverOptions, protocol: Protocol): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const typedKeys = new Map<string, string>();
  for (const k of OPTION_KEYS) {
    const key = protocol === 'openWire' ? k.openWire : k.amqp;
    if (key !== undefined) {
      typedKeys.set(key, k.option);
    }
    const value = options[k.option];
    if (value === undefined) {
      continue;
    }
    if (key === undefined) {
      // Only `timeout` (a Duration) has no AMQP key.
      throw new Error(`${k.option} is only supported for OpenWire failover URIs, got ${(value as Duration).toHumanString()} for an AMQP URI: `
        + `Qpid JMS has no '${k.option}' failover option; remove ${k.option}, or use FailoverUri.openWire for OpenWire clients.`);
    }
    out.push([key, renderValue(k.option, value)]);
  }
  checkDelayOrder(options);
  const extras = options.extraOptions ?? {};
  for (const key of Object.keys(extras).sort()) {
    const value = extras[key];
    if (!EXTRA_KEY.test(key)) {
      throw new Error(`extraOptions key '${key}' is not a valid option name: use only letters, digits, '_', '.' and '-', e.g. 'failover.warnAfterReconnectAttempts'.`);
    }
    if (typedKeys.has(key)) {
      throw new Error(`extraOptions key '${key}' is written by the typed option ${typedKeys.get(key)}: `
        + `set ${typedKeys.get(key)} instead of extraOptions['${key}'].`);
    }
    if (!Token.isUnresolved(value) && EXTRA_VALUE_FORBIDDEN.test(value)) {
      throw new Error(`extraOptions['${key}'] must not contain '&', '?', '#' or whitespace, got '${value}': `
        + 'these characters would break the query string; pass a plain value.');
    }
    out.push([key, value]);
  }
  return out;
}

function renderValue(option: keyof FailoverOptions, value: unknown): string {
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (value instanceof Duration) {
    return String(durationMillis(option, value));
  }
  return renderNumber(option, value as number);
}

/** Milliseconds of a duration; a token from `Duration.millis(token)` is returned as its string token. */
function durationMillis(option: string, value: Duration): number | string {
  let ms: number;
  try {
    ms = value.toMilliseconds({ integral: false });
  } catch (e) {
    throw new Error(`${option} comes from a token that is not in milliseconds (${(e as Error).message}): `
      + 'build it with Duration.millis(token).');
  }
  if (Token.isUnresolved(ms)) {
    return Tokenization.stringifyNumber(ms);
  }
  if (!Number.isInteger(ms) || ms < 1) {
    throw new Error(`${option} must be a whole number of milliseconds, at least 1 ms, got ${ms} ms: `
      + `use e.g. Duration.millis(${Math.max(1, Math.round(ms))}).`);
  }
  return ms;
}

function renderNumber(option: keyof FailoverOptions, value: number): string {
  if (Token.isUnresolved(value)) {
    return Tokenization.stringifyNumber(value);
  }
  if (option === 'backOffMultiplier') {
    if (!Number.isFinite(value) || value < 1) {
      throw new Error(`backOffMultiplier must be a number of at least 1, got ${value}: `
        + 'a multiplier below 1 shrinks the delay after each failure; use 2 (the client default) or set useExponentialBackOff to false.');
    }
  } else if (!Number.isInteger(value) || value < -1) {
    throw new Error(`${option} must be a whole number of at least -1, got ${value}: `
      + 'use -1 to retry forever, 0 to never retry, or a positive number of attempts.');
  }
  return String(value);
}

function checkDelayOrder(options: FailoverOptions): void {
  const initial = options.initialReconnectDelay;
  const max = options.maxReconnectDelay;
  if (!initial || !max || initial.isUnresolved() || max.isUnresolved()) {
    return;
  }
  const i = initial.toMilliseconds({ integral: false });
  const m = max.toMilliseconds({ integral: false });
  if (i > m) {
    throw new Error(`initialReconnectDelay (${i} ms) must not exceed maxReconnectDelay (${m} ms): `
      + `raise maxReconnectDelay to at least ${i} ms or lower initialReconnectDelay.`);
  }
}

function parseQuery(query: string | undefined, uri: string): { [key: string]: string } {
  const options: { [key: string]: string } = {};
  if (query === undefined || query.length === 0) {
    return options;
  }
  if (query.includes('?')) {
    throw new Error(`uri has a second '?' in '${uri}': write the query string once, after the closing parenthesis, joining options with '&'.`);
  }
  for (const pair of query.split('&')) {
    if (pair.length === 0) {
      continue;
    }
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (Object.prototype.hasOwnProperty.call(options, key)) {
      throw new Error(`uri sets option '${key}' twice in '${uri}': keep one '${key}=' in the query string.`);
    }
    options[key] = value;
  }
  return options;
}
