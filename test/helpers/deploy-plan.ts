/**
 * What CloudFormation will do when a stack goes from one synthesized template to another: for each resource
 * added / removed / unchanged / updated / replaced, and for each Amazon MQ broker whether it is replaced (and whether
 * that replacement can succeed), what waits for a reboot, and whether the mesh's rolling reboot reboots it.
 *
 * The rules are CloudFormation's:
 * - A property change replaces a resource when the property is one of the type's `createOnlyProperties` in the
 *   CloudFormation registry schema (test/fixtures/cloudformation/resource-schemas.json, from cfn-lint's copy), and
 *   updates it otherwise. Changes to DependsOn, Metadata or the deletion policies alone update nothing.
 * - A value that refers to another resource changes when that resource is replaced (every Ref, and every GetAtt but
 *   those a new resource can repeat, `ATTRIBUTES_KEPT_BY_REPLACEMENT`) or updated in a way that changes the attribute
 *   (`ATTRIBUTES_CHANGED_BY_UPDATE`, e.g. a configuration's Revision), so the change travels through references until
 *   nothing more changes.
 * - CloudFormation creates a replacement before it deletes the old resource ("Update behaviors of stack resources":
 *   Replacement), so a replacement fails when the new resource needs a name the old one still holds: a fixed
 *   BrokerName (Amazon MQ broker names are unique per account and Region), or a schema's primary identifier that is a
 *   settable name (SSM parameter Name, log group and resource policy names, …).
 * - Custom resources (`Custom::*`) are updated when any property changes; their provider decides the rest.
 * - Amazon MQ applies users, instance type, engine version, security groups and configuration revisions at the next
 *   reboot; the mesh's `Custom::ActiveMqBrokerReboot` resource of a broker reboots it when CloudFormation creates or
 *   updates it and the broker has such a change pending (the handler decides from DescribeBroker).
 */
import { readFileSync } from 'fs';
import * as path from 'path';

type Json = any;

export type Outcome = 'added' | 'removed' | 'unchanged' | 'updated' | 'replaced';

export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  readonly outcome: Outcome;
  /** Top-level properties whose deployed value changes. */
  readonly changedProperties: string[];
  /** The create-only properties among them (why it is replaced). */
  readonly replacingProperties: string[];
  /** Why the replacement fails, when it does. */
  readonly replacementFails?: string;
}

export interface BrokerChange {
  readonly logicalId: string;
  readonly brokerName: string;
  readonly outcome: Outcome;
  readonly replacementFails?: string;
  /** Changes Amazon MQ holds until the broker reboots (its own properties, or a new configuration revision). */
  readonly appliedAtReboot: string[];
  /** Whether the mesh's rolling reboot reboots this (existing, kept) broker in this deployment: its reboot resource
   * is created or updated, and a change waits for a reboot. */
  readonly reboots: boolean;
}

interface TypeSchema {
  readonly createOnlyProperties: string[];
  readonly readOnlyProperties: string[];
  readonly primaryIdentifier: string[];
}

const SCHEMAS: { source: string; types: Record<string, TypeSchema> } = JSON.parse(readFileSync(
  path.join(__dirname, '..', 'fixtures', 'cloudformation', 'resource-schemas.json'), 'utf8'));

/** Attributes whose value changes when the resource is updated (not only when it is replaced). */
export const ATTRIBUTES_CHANGED_BY_UPDATE: Record<string, string[]> = {
  // every update of the Data or Description is a new revision
  'AWS::AmazonMQ::Configuration': ['Revision'],
};

/**
 * Attributes a replacement can leave at the same value: a new configuration starts again at revision 1, which the
 * old one may also have had, so nothing that reads only the revision is sure to see a change.
 */
export const ATTRIBUTES_KEPT_BY_REPLACEMENT: Record<string, string[]> = {
  'AWS::AmazonMQ::Configuration': ['Revision'],
};

/** Names that must be unique and that the schema does not mark as the primary identifier. */
const UNIQUE_NAMES: Record<string, string> = {
  'AWS::AmazonMQ::Broker': 'BrokerName',
};

/** Broker properties Amazon MQ holds as pending until the broker reboots. */
const APPLIED_AT_REBOOT = ['Users', 'HostInstanceType', 'EngineVersion', 'SecurityGroups', 'Configuration'];

export const REBOOT_RESOURCE_TYPE = 'Custom::ActiveMqBrokerReboot';
/** The mesh's users when they live outside the brokers' `Users` (helper `lifecycle`, issue 9 point 2). */
export const USERS_RESOURCE_TYPE = 'Custom::ActiveMqMeshUsers';

function isCustom(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

function schemaOf(type: string): TypeSchema {
  const schema = SCHEMAS.types[type];
  if (schema === undefined) {
    throw new Error(`deploy plan: no registry schema for ${type} in test/fixtures/cloudformation/resource-schemas.json: `
      + 'add the type to scripts/cfn-resource-schemas.py and run it');
  }
  return schema;
}

/** Replaces every reference to something that changes by a marker, so the value differs from the old one. */
function mark(value: Json, changes: Changes): Json {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(v => mark(v, changes));
  }
  if ('Ref' in value && Object.keys(value).length === 1) {
    return changes.refChanges(value.Ref) ? { changed: `Ref ${value.Ref}` } : value;
  }
  if ('Fn::GetAtt' in value && Object.keys(value).length === 1) {
    const [id, attribute] = Array.isArray(value['Fn::GetAtt']) ? value['Fn::GetAtt'] : String(value['Fn::GetAtt']).split('.');
    return changes.attChanges(id, attribute) ? { changed: `GetAtt ${id}.${attribute}` } : value;
  }
  if ('Fn::Sub' in value && typeof value['Fn::Sub'] === 'string') {
    const refs = [...value['Fn::Sub'].matchAll(/\$\{([^}!]+)\}/g)].map(m => m[1].split('.'));
    return refs.some(([id, attribute]) => attribute === undefined ? changes.refChanges(id) : changes.attChanges(id, attribute))
      ? { changed: value } : value;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v, changes)]));
}

/** The values at a schema pointer (`/properties/A/B`, `*` for every element), as JSON text. */
function at(properties: Json, pointer: string): string {
  let values: Json[] = [properties ?? {}];
  for (const part of pointer.split('/').slice(2)) {
    values = values.flatMap(v => part === '*' ? (Array.isArray(v) ? v : []) : [v?.[part]]);
  }
  return JSON.stringify(values);
}

class Changes {
  public readonly outcome = new Map<string, Outcome>();
  public constructor(private readonly before: Json, private readonly after: Json) {}

  /** Whether `Ref id` resolves to something new (parameters and pseudo parameters never do here). */
  public refChanges(id: string): boolean {
    if (this.after.Resources?.[id] === undefined) {
      return false;
    }
    return this.outcome.get(id) === 'replaced' || this.outcome.get(id) === 'added' || this.before.Resources?.[id] === undefined;
  }

  public attChanges(id: string, attribute: string): boolean {
    const outcome = this.outcome.get(id);
    const type = this.after.Resources?.[id]?.Type;
    if (outcome === 'replaced' && (ATTRIBUTES_KEPT_BY_REPLACEMENT[type] ?? []).includes(attribute)) {
      return false;
    }
    if (this.refChanges(id)) {
      return true;
    }
    return outcome === 'updated' && (isCustom(type) || (ATTRIBUTES_CHANGED_BY_UPDATE[type] ?? []).includes(attribute));
  }
}

/** The plan of a deployment from `before` to `after` (two synthesized templates of the same stack). */
export class DeployPlan {
  public readonly resources: ResourceChange[];
  public readonly brokers: BrokerChange[];

  public constructor(before: Json, after: Json) {
    const b: Record<string, Json> = before.Resources ?? {};
    const a: Record<string, Json> = after.Resources ?? {};
    const changes = new Changes(before, after);
    for (const id of Object.keys(b)) if (!(id in a)) changes.outcome.set(id, 'removed');
    for (const id of Object.keys(a)) changes.outcome.set(id, id in b ? 'unchanged' : 'added');
    for (const id of Object.keys(a)) if (id in b && b[id].Type !== a[id].Type) changes.outcome.set(id, 'replaced');

    const details = new Map<string, { changed: string[]; replacing: string[] }>();
    let moved = true;
    while (moved) {
      moved = false;
      for (const id of Object.keys(a).filter(i => i in b && b[i].Type === a[i].Type)) {
        const type = a[id].Type;
        const old = b[id].Properties ?? {};
        const now = mark(a[id].Properties ?? {}, changes);
        const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();
        const changed = keys.filter(k => JSON.stringify(old[k]) !== JSON.stringify(now[k]));
        const replacing = isCustom(type) ? [] : schemaOf(type).createOnlyProperties
          .filter(p => at(old, p) !== at(now, p)).map(p => p.split('/').slice(2).join('.'));
        const outcome: Outcome = replacing.length > 0 ? 'replaced' : changed.length > 0 ? 'updated' : 'unchanged';
        details.set(id, { changed, replacing });
        if (changes.outcome.get(id) !== outcome) {
          changes.outcome.set(id, outcome);
          moved = true;
        }
      }
    }

    this.resources = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort().map(id => {
      const type = (a[id] ?? b[id]).Type;
      const outcome = changes.outcome.get(id)!;
      return {
        logicalId: id,
        type,
        outcome,
        changedProperties: details.get(id)?.changed ?? [],
        replacingProperties: details.get(id)?.replacing ?? [],
        replacementFails: outcome === 'replaced' ? nameConflict(type, b[id]?.Properties, a[id]?.Properties) : undefined,
      };
    });
    this.brokers = this.resources.filter(r => r.type === 'AWS::AmazonMQ::Broker').map(r => this.brokerChange(r, a, b));
  }

  /** The change of one resource. */
  public resource(logicalId: string): ResourceChange {
    const found = this.resources.find(r => r.logicalId === logicalId);
    if (found === undefined) {
      throw new Error(`deploy plan: no resource ${logicalId}`);
    }
    return found;
  }

  /** The changes of every resource of a type that is not unchanged, as `{ logicalId: outcome }`. */
  public changesOf(type: string): Record<string, Outcome> {
    return Object.fromEntries(this.resources.filter(r => r.type === type && r.outcome !== 'unchanged').map(r => [r.logicalId, r.outcome]));
  }

  /** Outcome counts of the resources of a type, e.g. `{ unchanged: 2, added: 1 }`. */
  public count(type: string): Partial<Record<Outcome, number>> {
    const counts: Partial<Record<Outcome, number>> = {};
    for (const r of this.resources.filter(x => x.type === type)) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    return counts;
  }

  private brokerChange(r: ResourceChange, a: Record<string, Json>, b: Record<string, Json>): BrokerChange {
    const refersToBroker = (x: Json) => JSON.stringify(x.Properties ?? {}).includes(JSON.stringify({ Ref: r.logicalId }));
    const associations = Object.entries(a).filter(([, x]) => x.Type === 'AWS::AmazonMQ::ConfigurationAssociation' && refersToBroker(x));
    const reboots = Object.entries(a).filter(([, x]) => x.Type === REBOOT_RESOURCE_TYPE && refersToBroker(x));
    const kept = r.outcome === 'updated' || r.outcome === 'unchanged';
    // Users managed by the mesh's users custom resource (/work/plan/CONTRACT-users.md) wait for a reboot too.
    const userResources = Object.entries(a).filter(([, x]) => x.Type === USERS_RESOURCE_TYPE && refersToBroker(x));
    const appliedAtReboot = kept ? [
      ...r.changedProperties.filter(p => APPLIED_AT_REBOOT.includes(p)),
      // Its Users list, not its BrokerIds: a node added to BrokerIds gets the users, the others keep theirs.
      ...(userResources.some(([id]) => ['added', 'replaced'].includes(this.resource(id).outcome)
        || this.resource(id).changedProperties.includes('Users')) ? ['users'] : []),
      ...associations.filter(([id]) => this.resource(id).outcome !== 'unchanged').map(() => 'configuration revision'),
    ] : [];
    return {
      logicalId: r.logicalId,
      brokerName: String((a[r.logicalId] ?? b[r.logicalId]).Properties?.BrokerName),
      outcome: r.outcome,
      replacementFails: r.replacementFails,
      appliedAtReboot,
      // The reboot handler decides from DescribeBroker: an updated reboot resource reboots only a broker with something
      // pending (src/lifecycle; docs/lifecycle.md, "How the rolling reboot works").
      reboots: kept && appliedAtReboot.length > 0 && reboots.some(([id]) => ['added', 'updated', 'replaced'].includes(this.resource(id).outcome)),
    };
  }
}

function nameConflict(type: string, before: Json, after: Json): string | undefined {
  const names = isCustom(type) ? [] : [
    ...(UNIQUE_NAMES[type] ? [UNIQUE_NAMES[type]] : []),
    ...schemaOf(type).primaryIdentifier.filter(p => !schemaOf(type).readOnlyProperties.includes(p)).map(p => p.split('/')[2]),
  ];
  for (const name of names) {
    const value = before?.[name];
    if (value !== undefined && JSON.stringify(value) === JSON.stringify(after?.[name])) {
      return `${name} ${typeof value === 'string' ? value : JSON.stringify(value)} stays the same, and CloudFormation creates the `
        + 'replacement before it deletes the old resource, which still holds that name';
    }
  }
  return undefined;
}

/** Where the fixture's schemas come from, for documentation. */
export const SCHEMA_SOURCE = SCHEMAS.source;
