import { PolicyValidationPluginReport, PolicyViolatingResource, PolicyViolation } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgements, ConstructIndex, displayPath } from './construct-index';
import { Finding, GateResult, PACK, summaryLine } from '../../gate';

/** How the plugin turns gate findings into a CDK policy validation report. */
export interface ReportOptions {
  readonly failOnWarnings: boolean;
  readonly verbose: boolean;
  /** The constructs of the app, when the validation context has them. */
  readonly index?: ConstructIndex;
  /** Only findings about constructs under this scope (validateScope). */
  readonly scope?: IConstruct;
  /** Template files by template id, for resources without a construct. */
  readonly files?: ReadonlyMap<string, string>;
}

/** The rule name of a finding: the rule ID with the subject, e.g. `ActiveMqMesh-StandaloneBroker[Prod/Orders]`. */
export function findingId(f: Finding, path: string): string {
  return `${PACK}-${f.rule}[${path.replace(/::/g, ':')}]`;
}

/**
 * Builds the report: one violation per unacknowledged finding, named after the rule and the broker (so the CLI's
 * acknowledgement hint silences that broker only), attached to every construct that causes it (so selecting any
 * stack involved keeps it). When the report fails, one more `fatal` violation without constructs carries the
 * summary line: the CDK CLI keeps it whatever stacks are selected (a plain Stage, `cdk synth <stack>`,
 * `cdk deploy <stack> --exclusively`), and a fatal violation cannot be acknowledged.
 */
export function buildReport(result: GateResult, options: ReportOptions): { report: PolicyValidationPluginReport; summary: string } {
  const violations: PolicyViolation[] = [];
  let acknowledged = 0;
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of result.findings) {
    const subject = options.index?.construct(f.subject.template, f.subject.logicalId);
    if (options.scope !== undefined && (subject === undefined || !isUnder(subject, options.scope))) continue;
    const path = subject === undefined ? f.subjectPath : displayPath(subject);
    const id = findingId(f, path);
    const plain = `${PACK}-${f.rule}`;
    const acks = acknowledgements(subject);
    if (f.final !== true && [plain, id, `${PACK}::${plain}`, `${PACK}::${id}`].some((a) => acks.has(a))) {
      acknowledged++;
      continue;
    }
    if (f.level === 'Error') errors++;
    else if (f.level === 'Warning') warnings++;
    else infos++;
    violations.push({
      ruleName: id,
      description: options.verbose ? `${f.message} ${f.explanation}` : f.message,
      fix: f.fix,
      severity: f.level === 'Error' ? 'error' : f.level === 'Warning' ? 'warning' : 'info',
      violatingResources: f.involved.map((k) => resource(options, k.template, k.logicalId)),
      ruleMetadata: f.when.length > 0 ? { when: f.when.join(' | ') } : undefined,
    });
  }
  const summary = summaryLine({ ...result.summary, errors, warnings, infos, acknowledged });
  const success = errors === 0 && (!options.failOnWarnings || warnings + infos === 0);
  if (!success) {
    violations.push({
      ruleName: `${PACK}-Gate`,
      description: `${summary}: the gate failed (see the findings); acknowledge individual findings, never this one`,
      severity: 'fatal',
      violatingResources: [],
    });
  }
  return { report: { success, violations, metadata: { summary } }, summary };
}

function resource(options: ReportOptions, template: string, logicalId: string): PolicyViolatingResource {
  const c = options.index?.construct(template, logicalId);
  if (c !== undefined) return { constructPath: c.node.path, locations: logicalId === '' ? [] : ['Properties'] };
  return { templatePath: options.files?.get(template) ?? template, resourceLogicalId: logicalId || undefined, locations: [] };
}

function isUnder(c: IConstruct, scope: IConstruct): boolean {
  return c.node.path === scope.node.path || scope.node.path === '' || c.node.path.startsWith(`${scope.node.path}/`);
}
