import { CfnValue, evaluateTemplate, isObject, isText, OpaqueIds, TemplateEvaluation, textParts } from '../../cfn';
import { ResourceKey, TemplateSource } from '../model';
import { AppWorld, NESTED_STACK, WorldTemplate } from './app-world';

/** A problem with a template (or a resource of it) that keeps part of the app from being judged. */
export interface TemplateProblem {
  readonly subject: ResourceKey;
  readonly detail: string;
}

/** The resource types whose conditions change what the gate judges. */
const RELEVANT_TYPES = [
  'AWS::AmazonMQ::Broker', 'AWS::AmazonMQ::Configuration', 'AWS::AmazonMQ::ConfigurationAssociation', NESTED_STACK,
  'AWS::EC2::Subnet', 'AWS::Logs::ResourcePolicy', 'AWS::SecretsManager::Secret', 'Custom::ActiveMqMeshUsers',
];

/** Transforms whose effect on resources the gate knows (SAM leaves AWS::AmazonMQ resources as they are). */
const KNOWN_TRANSFORMS = ['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions'];

/**
 * Every template of the app, evaluated in every combination of its deploy-time conditions, nested stacks (CDK's,
 * whose templates are in the cloud assembly) included: one list of alternatives per top-level template.
 * Problems that keep a template or a nested stack from being judged are reported, not thrown.
 */
export function expandTemplates(sources: TemplateSource[], ids: OpaqueIds, problems: TemplateProblem[]): WorldTemplate[][][] {
  const out: WorldTemplate[][][] = [];
  for (const source of sources) {
    const alternatives = expandOne(source, ids, problems, undefined, undefined, 0);
    if (alternatives.length > 0) out.push(alternatives);
  }
  return out;
}

function expandOne(
  source: TemplateSource, ids: OpaqueIds, problems: TemplateProblem[], parameterValues: ReadonlyMap<string, CfnValue> | undefined,
  parent: ResourceKey | undefined, depth: number,
): WorldTemplate[][] {
  const whole = { template: source.id, logicalId: '' };
  const transforms = ([] as unknown[]).concat(source.body.Transform ?? []);
  const unknown = transforms.filter((t) => typeof t !== 'string' || !KNOWN_TRANSFORMS.includes(t));
  if (unknown.length > 0) {
    problems.push({ subject: whole, detail: `its Transform ${JSON.stringify(unknown)} is a macro that rewrites the template at deploy time, which the gate cannot see` });
  }
  const resources = isObject(source.body.Resources as CfnValue) ? Object.keys(source.body.Resources as object) : [];
  for (const id of resources.filter((r) => r.startsWith('Fn::ForEach::'))) {
    problems.push({ subject: whole, detail: `${id} makes resources with an AWS::LanguageExtensions loop, which the gate does not expand` });
  }
  problems.push(...expandedAtDeployTime(source, resources));
  let worlds: TemplateEvaluation[];
  try {
    const input = { id: source.id, body: source.body, region: source.region, account: source.account, parameterValues };
    worlds = evaluateTemplate(input, { ids, relevantTypes: RELEVANT_TYPES });
  } catch (e) {
    problems.push({ subject: whole, detail: `it cannot be evaluated: ${(e as Error).message}` });
    return [];
  }
  const out: WorldTemplate[][] = [];
  for (const evaluation of worlds) {
    let combos: WorldTemplate[][] = [[{ source, evaluation, parent }]];
    for (const r of evaluation.resourceList(NESTED_STACK)) {
      const nested = nestedAlternatives(source, evaluation, r.logicalId, ids, problems, depth);
      if (nested.length === 0) continue;
      combos = combos.flatMap((c) => nested.map((n) => [...c, ...n]));
    }
    out.push(...combos);
  }
  return out;
}

/**
 * Resources whose content CloudFormation makes at deploy time from something the gate cannot read, any of which could
 * add a ConfigurationAssociation for a broker: `Fn::Transform` (AWS::Include, macros) in place of resources, SAM
 * nested applications, CloudFormation modules.
 */
function expandedAtDeployTime(source: TemplateSource, resources: string[]): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  const body = source.body.Resources as { [id: string]: unknown };
  for (const id of resources) {
    const r = body[id];
    const type = isObject(r as CfnValue) ? (r as { Type?: unknown }).Type : undefined;
    if (id === 'Fn::Transform') {
      out.push({ subject: { template: source.id, logicalId: '' }, detail: 'Fn::Transform in Resources adds or changes resources at deploy time (AWS::Include or a macro), which the gate cannot see' });
    } else if (isObject(r as CfnValue) && 'Fn::Transform' in (r as object)) {
      out.push({ subject: { template: source.id, logicalId: id }, detail: `the resource ${id} is a Fn::Transform, which adds or changes resources at deploy time (AWS::Include or a macro)` });
    } else if (type === 'AWS::Serverless::Application') {
      out.push({ subject: { template: source.id, logicalId: id }, detail: `${id} is a SAM nested application (AWS::Serverless::Application) whose template the gate cannot read; check its template too` });
    } else if (typeof type === 'string' && type.endsWith('::MODULE')) {
      out.push({ subject: { template: source.id, logicalId: id }, detail: `${id} is a CloudFormation module (${type}), whose resources are made at deploy time` });
    }
  }
  return out;
}

function nestedAlternatives(
  source: TemplateSource, evaluation: TemplateEvaluation, logicalId: string, ids: OpaqueIds, problems: TemplateProblem[], depth: number,
): WorldTemplate[][] {
  const subject = { template: source.id, logicalId };
  const metadata = safe(() => evaluation.metadata(logicalId));
  const assetPath = isObject(metadata) ? metadata['aws:asset:path'] : undefined;
  const url = safe(() => evaluation.properties(logicalId).TemplateURL);
  const hash = url === undefined || !isText(url) ? undefined : /([0-9a-f]{64})\.json/.exec(textParts(url).filter((p) => typeof p === 'string').join(''))?.[1];
  const asset = typeof assetPath === 'string' && source.readAsset !== undefined ? source.readAsset(assetPath)
    : hash !== undefined && source.readAssetByHash !== undefined ? source.readAssetByHash(hash) : undefined;
  if (asset === undefined || depth > 5) {
    problems.push({ subject, detail: 'it is a nested stack whose template the gate cannot read (only CDK nested stacks in a cloud assembly are followed)' });
    return [];
  }
  let parameters: CfnValue;
  try {
    parameters = evaluation.properties(logicalId).Parameters ?? {};
  } catch (e) {
    problems.push({ subject, detail: `its Parameters cannot be evaluated: ${(e as Error).message}` });
    return [];
  }
  const values = new Map(Object.entries(isObject(parameters) ? parameters : {}));
  const nested: TemplateSource = { ...source, id: `${source.id}/${logicalId}`, displayName: `${source.displayName}/${logicalId}`, file: asset.file, body: asset.body };
  return expandOne(nested, ids, problems, values, subject, depth + 1);
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** How many worlds (combinations of every template's alternatives) the app has. */
export function worldCount(alternatives: WorldTemplate[][][]): number {
  return alternatives.reduce((n, a) => n * a.length, 1);
}

/** Every world of the app: one alternative of each top-level template, combined. */
export function* appWorlds(alternatives: WorldTemplate[][][]): Generator<AppWorld> {
  for (const combination of product(alternatives)) {
    yield new AppWorld(combination.flat(), combination.flat().flatMap((t) => t.evaluation.world.choices));
  }
}

function* product<T>(lists: T[][]): Generator<T[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const x of first) for (const tail of product(rest)) yield [x, ...tail];
}
