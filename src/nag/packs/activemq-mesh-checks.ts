import { App, CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, Stage, Token } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { GateOptions, GateResult, isPeerPattern, PACK, runGate, sourcesFromTemplatePaths, TemplateSource } from '../../gate';
import { ConstructIndex } from '../private/construct-index';
import { buildReport } from '../private/report';

/**
 * A broker endpoint outside the app that the team declares as an ActiveMQ broker of theirs (another app's
 * broker, a broker in another account or region): a network connector to it counts as membership in a network of
 * brokers. The reason is kept with the declaration and shown in findings.
 */
export interface DeclaredExternalPeer {
  /**
   * The endpoint, as a connector URI names it: `ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617`, a host
   * (`b-1234-1.mq.eu-west-1.amazonaws.com`, any port and scheme), or a host with `*` standing for any characters
   * within one DNS label (`b-*-1.mq.eu-west-1.amazonaws.com`).
   */
  readonly endpoint: string;

  /** Why this endpoint is a broker of the team's network (who runs it, where it is checked), e.g. `DR mesh in eu-west-1, app orders-dr`. */
  readonly reason: string;
}

/**
 * Options of `ActiveMqMeshChecks`.
 */
export interface ActiveMqMeshChecksProps {
  /**
   * Whether warning and info findings also fail validation (and so `cdk synth`). When false, only error
   * findings fail validation and warnings are reported.
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;

  /**
   * Tag keys every broker must carry (rule `ActiveMqMesh-MissingOwnershipTags`), e.g. `['owner', 'cost-center']`.
   *
   * @default - no specific keys: a broker with no user tags at all is reported, as Security Hub MQ.4 does without requiredTagKeys
   */
  readonly ownershipTagKeys?: string[];

  /**
   * Only brokers carrying this tag are checked, e.g. `'environment'` to check production brokers only.
   * Brokers without it are skipped (they still count as members of a network of brokers).
   *
   * @default - all brokers are checked
   */
  readonly scopeTagKey?: string;

  /**
   * With `scopeTagKey`, only brokers whose tag has this value are checked, e.g. `'production'`.
   *
   * @default - any value of `scopeTagKey`
   */
  readonly scopeTagValue?: string;

  /**
   * Whether each finding's description also explains why the rule exists.
   *
   * @default false
   */
  readonly verbose?: boolean;

  /**
   * Brokers outside the app that connectors may point at: a connector to a declared peer makes its broker a
   * member of a network of brokers. A connector to an undeclared host does not count.
   *
   * @default - none: only brokers of the app count
   */
  readonly externalPeers?: DeclaredExternalPeer[];
}

/**
 * The cdk-nag v3 rule pack for Amazon MQ for ActiveMQ: blocks standalone brokers and reports the other risks of
 * a network of brokers. Rule IDs are `ActiveMqMesh-<Rule>`; see RULES.md.
 *
 * It judges the synthesized templates, as CloudFormation will deploy them (overrides, conditions, associations,
 * cross-stack imports), and maps each finding back to its construct. Register it with
 * `Validations.of(app).addPlugins(new ActiveMqMeshChecks())`. Only error findings fail validation unless
 * `failOnWarnings` is set. Acknowledge a finding on the broker (or an ancestor) with
 * `Validations.of(broker).acknowledge({ id: 'ActiveMqMesh-StandaloneBroker', reason: '...' })`.
 */
export class ActiveMqMeshChecks extends NagPack {
  /** The plugin name, also the rule ID prefix: `ActiveMqMesh`. */
  public readonly name: string = PACK;

  private readonly failOnWarnings: boolean;
  private readonly verboseDescriptions: boolean;
  private readonly gateOptions: GateOptions;

  /**
   * @param props which findings fail validation, which brokers are checked, the required tag keys, external peers
   * @throws if `scopeTagValue` is set without `scopeTagKey`, a tag key is empty, or an external peer is malformed
   */
  constructor(props: ActiveMqMeshChecksProps = {}) {
    super(undefined, { verbose: props.verbose });
    this.packName = PACK;
    checkProps(props);
    this.failOnWarnings = props.failOnWarnings ?? false;
    this.verboseDescriptions = props.verbose ?? false;
    this.gateOptions = {
      ownershipTagKeys: props.ownershipTagKeys,
      scopeTagKey: props.scopeTagKey,
      scopeTagValue: props.scopeTagValue,
      externalPeers: props.externalPeers?.map((p) => ({ endpoint: p.endpoint, reason: p.reason })),
    };
  }

  /**
   * Called by CDK after synthesis: judges the synthesized templates (`templatePaths`) and maps findings to
   * constructs. Never throws: any failure is an error finding naming its cause (the CDK CLI would take a plugin
   * that threw for a success). Prints the summary line to stderr.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = (context as { appConstruct?: IConstruct }).appConstruct;
    const { report, summary } = this.judge(context.templatePaths, root);
    // The summary always, and each error: the CDK CLI shows only the findings of the stacks it selected.
    const errors = report.violations.filter((v) => v.severity === 'error').map((v) => `  ${v.description}\n`);
    process.stderr.write(`${summary}\n${errors.join('')}`);
    return report;
  }

  /**
   * Validates the app of `scope` and reports the findings about constructs under `scope`, e.g.
   * `new ActiveMqMeshChecks().validateScope(stack)` in a unit test. The app is synthesized (again) to read its
   * templates. The report fails on error findings only, unless `failOnWarnings` is set.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const root = scope.node.root;
    let paths: string[];
    try {
      const stage = App.isApp(root) ? root : Stage.of(scope) ?? (root as Stage);
      paths = stage.synth({ force: true }).stacksRecursively.map((s) => s.templateFullPath);
    } catch (e) {
      return this.judge([], root, scope, `the app could not be synthesized: ${(e as Error).message}`).report;
    }
    return this.judge(paths, root, scope).report;
  }

  /** The gate judges templates, not constructs one by one. */
  protected checkResource(_node: CfnResource): void {
    // nothing: see validate()
  }

  private judge(templatePaths: readonly string[], root: IConstruct | undefined, scope?: IConstruct, failure?: string) {
    let index: ConstructIndex | undefined;
    let sources: TemplateSource[] = [];
    let result: GateResult;
    try {
      index = root === undefined ? undefined : new ConstructIndex(root);
      sources = sourcesFromTemplatePaths(templatePaths).map((s) => ({ ...s, constructPaths: index?.paths(s.id) }));
      result = failure === undefined ? runGate(sources, this.gateOptions) : failed(failure);
    } catch (e) {
      result = failed(`the templates could not be read: ${(e as Error).message}`);
    }
    try {
      return buildReport(result, {
        failOnWarnings: this.failOnWarnings,
        verbose: this.verboseDescriptions,
        index,
        scope,
        files: new Map(sources.map((s) => [s.id, s.file ?? s.id])),
      });
    } catch (e) {
      return buildReport(failed(`the report could not be built: ${(e as Error).message}`), { failOnWarnings: this.failOnWarnings, verbose: false });
    }
  }
}

/** A result holding only the fail-closed finding for a failure outside the rules. */
function failed(cause: string): GateResult {
  const message = `${PACK}-Unverifiable: the app could not be judged (${cause}); fix the cause, the gate fails closed.`;
  return {
    cases: 0,
    summary: { brokers: 0, inMesh: 0, standalone: 0, errors: 1, warnings: 0, infos: 0, acknowledged: 0 },
    findings: [{
      rule: 'Unverifiable',
      level: 'Error',
      subject: { template: 'app', logicalId: '' },
      subjectPath: 'app',
      involved: [],
      message,
      fix: 'fix the cause',
      explanation: 'The gate fails closed.',
      when: [],
    }],
  };
}

function checkProps(props: ActiveMqMeshChecksProps): void {
  if (props.scopeTagValue !== undefined && props.scopeTagKey === undefined) {
    throw new Error(`scopeTagValue is '${props.scopeTagValue}' but scopeTagKey is not set: `
      + 'scopeTagValue selects a value of scopeTagKey; set scopeTagKey too (e.g. scopeTagKey: \'environment\').');
  }
  if (props.scopeTagKey !== undefined && !Token.isUnresolved(props.scopeTagKey) && props.scopeTagKey.trim() === '') {
    throw new Error('scopeTagKey must be a tag key, got an empty string: set it to the tag that marks checked brokers, or leave it out to check all brokers.');
  }
  (props.ownershipTagKeys ?? []).forEach((k, i) => {
    if (typeof k !== 'string' || (!Token.isUnresolved(k) && k.trim() === '')) {
      throw new Error(`ownershipTagKeys[${i}] must be a tag key, got ${JSON.stringify(k)}: remove it or give the key name.`);
    }
  });
  (props.externalPeers ?? []).forEach((p, i) => {
    if (typeof p?.endpoint !== 'string' || !isPeerPattern(p.endpoint)) {
      throw new Error(`externalPeers[${i}].endpoint must be an endpoint such as 'ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617' or a host, `
        + `got ${JSON.stringify(p?.endpoint)}: give the remote broker's endpoint or host (a '*' may not stand in the last two labels of the host).`);
    }
    if (typeof p.reason !== 'string' || p.reason.trim() === '') {
      throw new Error(`externalPeers[${i}].reason must say why ${p.endpoint} is a broker of your network, got ${JSON.stringify(p.reason)}: `
        + 'add the reason (who runs it, where it is checked).');
    }
  });
}
