// CloudFormation's template quotas that a mesh can meet, in one place. Source: AWS CloudFormation User Guide,
// "Understand CloudFormation quotas" (cloudformation-limits.html), and "Get values stored in other services using
// dynamic references" (dynamic-references.html) for the dynamic-reference limit.

/** CloudFormation's per-template quotas. */
export const CLOUDFORMATION_QUOTAS = Object.freeze({
  /** `{{resolve:…}}` dynamic references in one stack template. */
  dynamicReferences: 60,
  /** Resources declared in one template. */
  resources: 500,
  /** Outputs declared in one template. */
  outputs: 200,
  /** Parameters declared in one template. */
  parameters: 200,
  /** Mappings declared in one template. */
  mappings: 200,
  /** Template body passed inline in a CreateStack/UpdateStack request, in bytes. */
  inlineTemplateBodyBytes: 51_200,
  /**
   * Template body read from an Amazon S3 object, in bytes: the page says "1 MB", taken here as 1,000,000 bytes so
   * that a check never passes a template CloudFormation could refuse. The CDK CLI uploads templates over 50 KiB to
   * S3, so this is the limit a CDK deployment meets.
   */
  s3TemplateBodyBytes: 1_000_000,
});

/** The text that opens a dynamic reference (`{{resolve:secretsmanager:…}}`, `{{resolve:ssm:…}}`, …). */
export const DYNAMIC_REFERENCE_OPENING = '{{resolve:';
