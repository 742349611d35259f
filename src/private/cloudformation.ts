// CloudFormation's quotas that this library checks at synth time, in one place.
// Source: CloudFormation User Guide, "CloudFormation quotas" (cloudformation-limits.html) and "Get values stored in
// other services using dynamic references" (dynamic-references.html).

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
