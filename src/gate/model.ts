/** A template the gate judges, with where it comes from. */
export interface TemplateSource {
  /** A unique id in the run (a stack's artifact id, a nested stack's `<parent id>/<logical id>`, a file path). */
  readonly id: string;
  /** The stack's name for people (`displayName` of a CDK stack, the file name of a template). */
  readonly displayName: string;
  /** The template file, when there is one. */
  readonly file?: string;
  /** The parsed template. */
  readonly body: { readonly [section: string]: unknown };
  /** The region and account the stack deploys to, when known. */
  readonly region?: string;
  readonly account?: string;
  /**
   * Construct paths by logical id, when the caller knows them better than the template's `aws:cdk:path` metadata
   * (the CDK plugin reads them from the construct tree).
   */
  readonly constructPaths?: ReadonlyMap<string, string>;
  /**
   * Reads a nested stack's template named by its `aws:asset:path` metadata (CDK writes nested stack templates
   * into the cloud assembly). Undefined when nested templates cannot be read.
   */
  readonly readAsset?: (assetPath: string) => { readonly body: { readonly [section: string]: unknown }; readonly file: string } | undefined;
  /** Reads a nested stack's template by its asset hash (the `<hash>.json` of its TemplateURL), from the assembly's asset manifests. */
  readonly readAssetByHash?: (hash: string) => { readonly body: { readonly [section: string]: unknown }; readonly file: string } | undefined;
}

/** A resource of a template: the key of findings. */
export interface ResourceKey {
  readonly template: string;
  readonly logicalId: string;
}

/** How serious a finding is. */
export type Level = 'Error' | 'Warning' | 'Info';

/** One finding of the gate. */
export interface Finding {
  /** The rule ID without the pack prefix, e.g. `StandaloneBroker`. */
  readonly rule: string;
  readonly level: Level;
  /** The resource the finding is about (a broker, or the template for a whole-template problem). */
  readonly subject: ResourceKey;
  /** The construct path (`aws:cdk:path`) or `<stack>/<logical id>` of the subject, for people. */
  readonly subjectPath: string;
  /** Every resource that causes the finding, the subject first (a peer's connector, an association in another stack). */
  readonly involved: ResourceKey[];
  /** The finding as one sentence: rule, subject, what is wrong, why, fix. Never a secret. */
  readonly message: string;
  readonly fix: string;
  readonly explanation: string;
  /** In which case of the deploy-time conditions it happens; empty when in every case. */
  readonly when: string[];
  /** A failure of the gate itself: it cannot be acknowledged (an acknowledgement would hide everything it kept from being judged). */
  readonly final?: boolean;
}

/** The counts of the summary line. */
export interface GateSummary {
  readonly brokers: number;
  readonly inMesh: number;
  readonly standalone: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly acknowledged: number;
}

/** A team's declaration that an endpoint outside the judged templates is an ActiveMQ broker of theirs. */
export interface ExternalPeer {
  /** An endpoint pattern: `ssl://host:61617`, a host, or a `*` wildcard within a host (`*.mq.eu-west-1.amazonaws.com`). */
  readonly endpoint: string;
  readonly reason: string;
}

/** Options of a gate run. */
export interface GateOptions {
  readonly externalPeers?: ExternalPeer[];
  readonly ownershipTagKeys?: string[];
  readonly scopeTagKey?: string;
  readonly scopeTagValue?: string;
  /** The current date for end-of-support checks (ISO `YYYY-MM-DD`); defaults to today. */
  readonly today?: string;
  /** The most combinations of deploy-time conditions judged one by one, per app (default 256). */
  readonly maxWorlds?: number;
}
