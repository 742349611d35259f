/**
 * CloudFormation's template quotas (src/private/cloudformation.ts, from the CloudFormation User Guide's "Understand
 * CloudFormation quotas"), checked against a synthesized template: dynamic references, resources, outputs,
 * parameters, mappings and the body size as the CDK writes it (`cdk.out/*.template.json`).
 */
import { CLOUDFORMATION_QUOTAS, DYNAMIC_REFERENCE_OPENING } from '../../src/private/cloudformation';

type Json = any;

/** What a template uses of each quota. */
export interface QuotaUsage {
  readonly dynamicReferences: number;
  readonly resources: number;
  readonly outputs: number;
  readonly parameters: number;
  readonly mappings: number;
  /** Bytes of the template as the CDK writes it (JSON, one-space indentation). */
  readonly bodyBytes: number;
}

/** Counts what a template uses. A dynamic reference is counted once per `{{resolve:` anywhere in the template. */
export function quotaUsage(template: Json): QuotaUsage {
  const compact = JSON.stringify(template);
  return {
    dynamicReferences: compact.split(DYNAMIC_REFERENCE_OPENING).length - 1,
    resources: Object.keys(template.Resources ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    mappings: Object.keys(template.Mappings ?? {}).length,
    bodyBytes: Buffer.byteLength(JSON.stringify(template, undefined, 1), 'utf8'),
  };
}

/** One message per exceeded quota, naming the count and the limit; empty when the template fits. */
export function quotaViolations(template: Json): string[] {
  const used = quotaUsage(template);
  const q = CLOUDFORMATION_QUOTAS;
  const checks: Array<[keyof QuotaUsage, number, string]> = [
    ['dynamicReferences', q.dynamicReferences, 'dynamic references'],
    ['resources', q.resources, 'resources'],
    ['outputs', q.outputs, 'outputs'],
    ['parameters', q.parameters, 'parameters'],
    ['mappings', q.mappings, 'mappings'],
    ['bodyBytes', q.s3TemplateBodyBytes, 'bytes of template body (S3 upload limit)'],
  ];
  return checks.filter(([key, limit]) => used[key] > limit)
    .map(([key, limit, what]) => `${used[key]} ${what}, CloudFormation allows ${limit}`);
}

/** Throws, naming every exceeded quota, unless the template fits CloudFormation's quotas. */
export function expectWithinQuotas(template: Json, name = 'template'): void {
  const violations = quotaViolations(template);
  if (violations.length > 0) {
    throw new Error(`${name} exceeds CloudFormation's quotas: ${violations.join('; ')}`);
  }
}
