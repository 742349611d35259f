import { CfnResource, PolicyValidationPluginReport, PolicyViolation, Token } from 'aws-cdk-lib';
import { NagPack, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { AppIndex, CheckOptions, isBroker } from '../private/app-index';
import { RULES, RuleEntry } from '../private/catalog';

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
}

/**
 * The cdk-nag v3 rule pack for Amazon MQ for ActiveMQ: blocks standalone brokers and reports the other risks of
 * a network of brokers. Rule IDs are `ActiveMqMesh-<Rule>`; see RULES.md.
 *
 * Register it with `Validations.of(app).addPlugins(new ActiveMqMeshChecks())`: CDK calls `validate()` after
 * synthesis, which validates the whole app through `validateScope`. Only error findings fail validation unless
 * `failOnWarnings` is set. Acknowledge a finding with
 * `Validations.of(broker).acknowledge({ id: 'ActiveMqMesh-StandaloneBroker', reason: '...' })`.
 */
export class ActiveMqMeshChecks extends NagPack {
  /** The pack's rule IDs with their levels (`Error`, `Warning`, `Info`), in report order. */
  public static ruleLevels(): { [ruleId: string]: string } {
    const out: { [ruleId: string]: string } = {};
    for (const r of RULES) {
      out[`${PACK_NAME}-${r.rule.name}`] = r.level;
    }
    return out;
  }

  /** The plugin name, also the rule ID prefix: `ActiveMqMesh`. */
  public readonly name: string = PACK_NAME;

  private readonly failOnWarnings: boolean;
  private readonly verboseDescriptions: boolean;
  private readonly checkOptions: CheckOptions;
  /** The index of the app being validated, set for the duration of `validateScope`. */
  private index?: AppIndex;

  /**
   * @param props which findings fail validation, which brokers are checked, the required tag keys
   * @throws if `scopeTagValue` is set without `scopeTagKey`, or a tag key is empty
   */
  constructor(props: ActiveMqMeshChecksProps = {}) {
    super(undefined, { verbose: props.verbose });
    this.packName = PACK_NAME;
    checkProps(props);
    this.failOnWarnings = props.failOnWarnings ?? false;
    this.verboseDescriptions = props.verbose ?? false;
    this.checkOptions = {
      ownershipTagKeys: props.ownershipTagKeys,
      scopeTagKey: props.scopeTagKey,
      scopeTagValue: props.scopeTagValue,
    };
  }

  /**
   * Validates the resources under `scope` (cross-resource rules see the whole app of `scope`), e.g.
   * `new ActiveMqMeshChecks().validateScope(stack)` in a unit test. The report has one violation per broker and
   * rule; it fails on error findings only, unless `failOnWarnings` is set.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return AppIndex.run(scope, this.checkOptions, (index) => {
      this.index = index;
      try {
        const report = super.validateScope(scope);
        const violations = this.oneViolationPerBroker(report.violations, index);
        return { ...report, violations, success: this.succeeded(violations) };
      } finally {
        this.index = undefined;
      }
    });
  }

  /**
   * Called by cdk-nag for every CloudFormation resource under the validated scope: applies every rule of the
   * pack to each Amazon MQ broker in scope (see `scopeTagKey`); other resources are skipped.
   */
  protected checkResource(node: CfnResource): void {
    if (!isBroker(node) || this.index === undefined || !this.index.inScope(node)) {
      return;
    }
    for (const entry of RULES) {
      this.applyRule({
        ruleSuffixOverride: entry.rule.name,
        info: `The broker ${entry.problem}.`,
        explanation: entry.explanation,
        level: entry.level,
        node,
        rule: (n: CfnResource) => this.runRule(entry, n),
      });
    }
  }

  private runRule(entry: RuleEntry, node: CfnResource): NagRuleResult {
    try {
      return entry.rule(node);
    } catch (e) {
      // fail closed: what cannot be verified is reported under the rule's own ID, so it can be acknowledged
      this.index?.note(node, entry.rule.name, `it could not be verified: ${(e as Error).message}`);
      return NagRuleCompliance.NON_COMPLIANT;
    }
  }

  private succeeded(violations: PolicyViolation[]): boolean {
    return this.failOnWarnings ? violations.length === 0 : !violations.some((v) => v.severity === 'error' || v.severity === 'fatal');
  }

  /** cdk-nag groups findings by rule; split them so each names its broker, the rule and the fix. */
  private oneViolationPerBroker(violations: PolicyViolation[], index: AppIndex): PolicyViolation[] {
    const out: PolicyViolation[] = [];
    for (const v of violations) {
      const suffix = v.ruleName.startsWith(`${PACK_NAME}-`) ? v.ruleName.slice(PACK_NAME.length + 1) : v.ruleName;
      const entry = RULES.find((r) => r.rule.name === suffix);
      for (const resource of v.violatingResources) {
        if (entry === undefined) {
          out.push({ ...v, violatingResources: [resource] });
          continue;
        }
        const detail = index.details.get(`${suffix}|${resource.constructPath}`);
        const sentence = `${v.ruleName}: the broker ${resource.constructPath} ${entry.problem}`
          + `${detail === undefined ? '' : ` (${detail})`}; ${entry.fix}.`;
        out.push({
          ...v,
          description: this.verboseDescriptions ? `${sentence} ${entry.explanation}` : sentence,
          fix: entry.fix,
          violatingResources: [resource],
        });
      }
    }
    return out;
  }
}

const PACK_NAME = 'ActiveMqMesh';

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
}
