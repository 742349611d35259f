import * as fs from 'fs';
import { UsageError } from './args';
import { parseTemplate } from '../../cfn';
import { Finding, PACK, RULES } from '../../gate';

/** One acknowledged finding, with its reason. */
export interface Acknowledgement {
  /** `ActiveMqMesh-<Rule>`. */
  readonly rule: string;
  /** The finding's subject: its construct path, or `<stack or file>/<logical id>`. */
  readonly resource: string;
  readonly reason: string;
}

/**
 * Reads acknowledgements from a JSON or YAML file: a list (or `{ acknowledgements: [...] }`) of
 * `{ id: 'ActiveMqMesh-StandaloneBroker', resource: 'Orders/Broker', reason: '...' }`, or the broker-specific id
 * `ActiveMqMesh-StandaloneBroker[Orders/Broker]` without `resource`. Every entry names one resource and a reason:
 * there is no acknowledgement for every broker of an app.
 */
export function readAcknowledgements(file: string): Acknowledgement[] {
  let body: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    body = text.trimStart().startsWith('[') ? JSON.parse(text) : parseTemplate(text, file);
  } catch (e) {
    throw new UsageError(`--acknowledgements ${file}: ${(e as Error).message}`);
  }
  const list = Array.isArray(body) ? body : (body as { acknowledgements?: unknown }).acknowledgements;
  if (!Array.isArray(list)) throw new UsageError(`--acknowledgements ${file}: expected a list of { id, resource, reason } (or { acknowledgements: [...] })`);
  const known = RULES.map((r) => `${PACK}-${r.id}`);
  return list.map((entry, i) => {
    const where = `--acknowledgements ${file}: entry ${i + 1}`;
    const e = entry as { id?: unknown; resource?: unknown; reason?: unknown };
    if (typeof e?.id !== 'string') throw new UsageError(`${where} has no id (e.g. 'ActiveMqMesh-StandaloneBroker')`);
    const m = /^([^[\]]+)(?:\[(.+)\])?$/.exec(e.id.replace(/^ActiveMqMesh::/, ''));
    const rule = m?.[1] ?? e.id;
    const resource = typeof e.resource === 'string' ? e.resource : m?.[2];
    if (!known.includes(rule)) throw new UsageError(`${where}: '${rule}' is not a rule of the pack (${known.join(', ')})`);
    if (resource === undefined || resource === '') {
      throw new UsageError(`${where} names no resource: give 'resource' (the finding's broker path) or the id '${rule}[<path>]'; one entry acknowledges one broker`);
    }
    if (typeof e.reason !== 'string' || e.reason.trim() === '') throw new UsageError(`${where} has no reason: say why the finding is accepted`);
    return { rule, resource, reason: e.reason };
  });
}

/** The acknowledgement of a finding, if any. */
export function acknowledgementOf(f: Finding, acks: Acknowledgement[], names: (f: Finding) => string[]): Acknowledgement | undefined {
  const rule = `${PACK}-${f.rule}`;
  const subject = names(f);
  return acks.find((a) => a.rule === rule && subject.includes(a.resource));
}
