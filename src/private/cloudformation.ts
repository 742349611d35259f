// CloudFormation's quotas that this library checks at synth time (and the tests check on every template), in one
// place. Source: CloudFormation User Guide, "Understand CloudFormation quotas" (cloudformation-limits.html) and "Get
// values stored in other services using dynamic references" (dynamic-references.html).

/** Dynamic references (`{{resolve:…}}`) per stack template. */
export const MAX_DYNAMIC_REFERENCES_PER_TEMPLATE = 60;
/** Resources per stack template. */
export const MAX_RESOURCES_PER_TEMPLATE = 500;
/**
 * Size of a custom resource request the lifecycle function accepts: CloudFormation invokes it asynchronously (Lambda's
 * asynchronous payload limit is 256 KB) and the request carries the old and the new properties; the lifecycle state
 * machine's input is limited to 256 KB as well. Half of it for one copy of the users, with margin.
 */
export const MAX_USERS_PROPERTY_BYTES = 100 * 1024;

/** CloudFormation's per-template quotas. */
export const CLOUDFORMATION_QUOTAS = Object.freeze({
  /** `{{resolve:…}}` dynamic references in one stack template. */
  dynamicReferences: MAX_DYNAMIC_REFERENCES_PER_TEMPLATE,
  /** Resources declared in one template. */
  resources: MAX_RESOURCES_PER_TEMPLATE,
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
