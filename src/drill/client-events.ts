/**
 * The events the Java drill client (java/DrillClient.java) prints, one JSON object per stdout line, declared
 * once: the table below is both the validator and the source of the `ClientEvent` union. Times (`t`, `t0`)
 * are epoch milliseconds.
 */
export const CLIENT_EVENT_FIELDS = {
  // check-failover
  'failover-valid': {},
  'failover-invalid': { msg: 'string' },
  // matrix
  'pair': { from: 'int', to: 'int', ms: 'int' },
  'matrix-done': { ms: 'int' },
  // monitor
  'probe-sent': { from: 'int', to: 'int', seq: 'int', t: 'int' },
  'probe-failed': { from: 'int', to: 'int', seq: 'int', t: 'int' },
  'probe': { from: 'int', to: 'int', seq: 'int', t: 'int' },
  // access
  'access': { ok: 'bool', phase: 'string', msg: 'string?' },
  // traffic
  'connected': { t: 'int', uri: 'string?' },
  'consumer-started': { t: 'int', uri: 'string?' },
  'interrupted': { t: 'int' },
  'resumed': { t: 'int', uri: 'string?' },
  'sent': { seq: 'int', t0: 'int', t: 'int' },
  'send-failed': { seq: 'int', t0: 'int', t: 'int', msg: 'string' },
  'recv': { t: 'int', seq: 'int', redelivered: 'bool' },
  'error': { t: 'int', msg: 'string' },
  'producer-done': { t: 'int', lastSeq: 'int' },
  'closed': { t: 'int' },
} as const;

interface FieldTypes {
  'int': number;
  'string': string;
  'string?': string | null;
  'bool': boolean;
}
type Fields = typeof CLIENT_EVENT_FIELDS;

/** Every event kind the client prints. */
export type ClientEventKind = keyof Fields;

/** One event of the Java client: a discriminated union on `e`. */
export type ClientEvent = {
  [K in ClientEventKind]: { readonly e: K } & { readonly [F in keyof Fields[K]]: FieldTypes[Fields[K][F] & keyof FieldTypes] };
}[ClientEventKind];

/** The event of one kind, e.g. `EventOf<'sent'>`. */
export type EventOf<K extends ClientEventKind> = Extract<ClientEvent, { e: K }>;

/** A line the client printed that is not a valid event: the Java client and this file disagree. */
export class ClientProtocolError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ClientProtocolError';
  }
}

function valid(type: keyof FieldTypes, value: unknown): boolean {
  switch (type) {
    case 'int':
      return Number.isSafeInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'string?':
      return value === null || typeof value === 'string';
    default:
      return typeof value === 'boolean';
  }
}

/**
 * Parses and validates one stdout line of the client: a known kind with exactly its declared fields, each of
 * its declared type. Throws ClientProtocolError (quoting the line, at most 200 characters) otherwise.
 */
export function parseClientEvent(line: string): ClientEvent {
  const quoted = JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    throw new ClientProtocolError(`not JSON (${(e as Error).message}): ${quoted}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ClientProtocolError(`not a JSON object: ${quoted}`);
  }
  const record = value as { [key: string]: unknown };
  const kind = record.e;
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(CLIENT_EVENT_FIELDS, kind)) {
    throw new ClientProtocolError(`unknown event kind ${JSON.stringify(kind)}: ${quoted}`);
  }
  const fields: { [field: string]: keyof FieldTypes } = CLIENT_EVENT_FIELDS[kind as ClientEventKind];
  for (const [field, type] of Object.entries(fields)) {
    if (!valid(type, record[field])) {
      throw new ClientProtocolError(`'${kind}' event field '${field}' must be ${type}, got ${JSON.stringify(record[field]) ?? 'nothing'}: ${quoted}`);
    }
  }
  const extra = Object.keys(record).filter((k) => k !== 'e' && !(k in fields));
  if (extra.length > 0) {
    throw new ClientProtocolError(`'${kind}' event has undeclared field(s) ${extra.join(', ')}: ${quoted}`);
  }
  return record as unknown as ClientEvent;
}

/** Type guard for one kind, for `events.filter(isEvent('sent'))`. */
export function isEvent<K extends ClientEventKind>(kind: K): (e: ClientEvent) => e is EventOf<K> {
  return (e): e is EventOf<K> => e.e === kind;
}
