/**
 * A seeded generator of random Amazon MQ apps for the model-based test (issue 8, What 8): 2-12 brokers over 1-3
 * stacks, links drawn from the membership cases, configuration Data and passwords in random encodings, property
 * overrides, conditions, associations or Configuration. Each app is a plain description (`GenApp`); `build.ts`
 * turns it into a CDK app and `model.ts` computes the verdict the description implies, without the gate's code.
 */

/* eslint-disable no-bitwise */ // mulberry32 is bit arithmetic
/** A small, fast, seedable PRNG (mulberry32). */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  public next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  public int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  public pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  public chance(p: number): boolean {
    return this.next() < p;
  }
}

/** How a connector points somewhere; see `LINK_KINDS` for what each means. */
export type LinkKind =
  | 'joined' | 'element' | 'hostRef' | 'import' | 'externalDeclared'
  | 'self' | 'loopback' | 'emptyUri' | 'staticEmpty' | 'noUri' | 'undeclared' | 'excludeAll' | 'ttl0' | 'foreignNs' | 'prefixedUri' | 'amqp';

/**
 * The semantics of each link kind, as the issue defines membership: whether it links to its target broker
 * (`toPeer`: counts when the target exists and is ActiveMQ), whether it counts on its own (a declared external peer),
 * and whether it names the target broker as a broker of the app (so the bridge user is checked on both ends).
 */
export const LINK_KINDS: { readonly [k in LinkKind]: { readonly target: 'sameStack' | 'otherStack' | 'self' | 'none'; readonly toPeer: boolean; readonly external: boolean } } = {
  joined: { target: 'sameStack', toPeer: true, external: false },
  element: { target: 'sameStack', toPeer: true, external: false },
  hostRef: { target: 'sameStack', toPeer: true, external: false },
  import: { target: 'otherStack', toPeer: true, external: false },
  externalDeclared: { target: 'none', toPeer: false, external: true },
  self: { target: 'self', toPeer: false, external: false },
  loopback: { target: 'none', toPeer: false, external: false },
  emptyUri: { target: 'none', toPeer: false, external: false },
  staticEmpty: { target: 'none', toPeer: false, external: false },
  noUri: { target: 'none', toPeer: false, external: false },
  undeclared: { target: 'none', toPeer: false, external: false },
  excludeAll: { target: 'sameStack', toPeer: false, external: false },
  ttl0: { target: 'sameStack', toPeer: false, external: false },
  foreignNs: { target: 'sameStack', toPeer: false, external: false },
  prefixedUri: { target: 'sameStack', toPeer: false, external: false },
  amqp: { target: 'sameStack', toPeer: false, external: false },
};

/** How a broker's configuration is attached. */
export type Attach = 'none' | 'configuration' | 'association' | 'assocOverEmpty' | 'emptyAssocOverConfig';

/** An admin password, written one of many ways. */
export type AdminPassword = 'secretName' | 'secretArn' | 'secretRef' | 'ssmSecure' | 'noEchoParam' | 'literal' | 'ssm' | 'noEchoDefault' | 'ifLiteral' | 'refWithSuffix';

/** Which passwords are secrets in which case (`ifLiteral` is a secret in prod only). */
export const ADMIN_PASSWORDS: { readonly [k in AdminPassword]: { readonly prod: boolean; readonly other: boolean } } = {
  secretName: { prod: true, other: true },
  secretArn: { prod: true, other: true },
  secretRef: { prod: true, other: true },
  ssmSecure: { prod: true, other: true },
  noEchoParam: { prod: true, other: true },
  literal: { prod: false, other: false },
  ssm: { prod: false, other: false },
  noEchoDefault: { prod: false, other: false },
  ifLiteral: { prod: true, other: false },
  refWithSuffix: { prod: false, other: false },
};

export interface GenLink {
  readonly kind: LinkKind;
  /** The target broker's index, for kinds with a target. */
  readonly target?: number;
  /** A password written into the connector. */
  readonly password?: 'attribute' | 'userinfo';
}

export interface GenBroker {
  readonly index: number;
  readonly stack: number;
  readonly engine: 'ACTIVEMQ' | 'ActiveMQ' | 'RABBITMQ';
  /** Exists only when its stack's Env is 'prod'. */
  readonly conditional: boolean;
  readonly attach: Attach;
  /** The association exists only in prod. */
  readonly associationConditional: boolean;
  readonly links: GenLink[];
  /** 0: the shared bridge secret (written one of several ways), 1: another secret. */
  readonly bridgeSecret: 0 | 1;
  readonly bridgeEncoding: number;
  readonly adminPassword: AdminPassword;
  /** PubliclyAccessible: the L1 value, then an override (true/false) or a deletion override. */
  readonly publicL1: boolean;
  readonly publicOverride?: boolean | 'delete';
  /** How the configuration's Data is encoded. */
  readonly data: 'sub' | 'join' | 'literal';
  /** Acknowledge its StandaloneBroker finding (on the broker, and in check's acknowledgements file). */
  readonly acknowledged: boolean;
}

export interface GenApp {
  readonly seed: number;
  readonly stacks: number;
  readonly brokers: GenBroker[];
}

const PEER_KINDS: LinkKind[] = ['joined', 'element', 'hostRef', 'import'];
const OTHER_KINDS: LinkKind[] = ['externalDeclared', 'self', 'loopback', 'emptyUri', 'staticEmpty', 'noUri', 'undeclared', 'excludeAll', 'ttl0', 'foreignNs', 'prefixedUri', 'amqp'];

/** A random app for a seed; the same seed always gives the same app. */
export function generate(seed: number): GenApp {
  const r = new Random(seed);
  const stacks = r.int(1, 3);
  const count = r.int(2, 12);
  const brokers: GenBroker[] = [];
  for (let i = 0; i < count; i++) {
    brokers.push({
      index: i,
      stack: r.int(0, stacks - 1),
      engine: r.chance(0.08) ? 'RABBITMQ' : r.pick(['ACTIVEMQ', 'ActiveMQ'] as const),
      conditional: r.chance(0.12),
      attach: r.pick(['none', 'configuration', 'configuration', 'association', 'association', 'assocOverEmpty', 'emptyAssocOverConfig'] as const),
      associationConditional: r.chance(0.15),
      links: [],
      bridgeSecret: r.chance(0.1) ? 1 : 0,
      bridgeEncoding: r.int(0, 3),
      adminPassword: r.chance(0.75) ? r.pick(['secretName', 'secretArn', 'secretRef', 'ssmSecure', 'noEchoParam'] as const)
        : r.pick(['literal', 'ssm', 'noEchoDefault', 'ifLiteral', 'refWithSuffix'] as const),
      publicL1: r.chance(0.1),
      publicOverride: r.chance(0.15) ? r.pick([true, false, 'delete'] as const) : undefined,
      data: r.pick(['sub', 'join', 'literal'] as const),
      acknowledged: r.chance(0.08),
    });
  }
  for (const b of brokers) {
    if (b.engine === 'RABBITMQ') continue;
    const n = r.int(0, 3);
    for (let k = 0; k < n; k++) {
      let kind = r.chance(0.55) ? r.pick(PEER_KINDS) : r.pick(OTHER_KINDS);
      let target: number | undefined;
      const spec = LINK_KINDS[kind];
      if (spec.target === 'self') {
        target = b.index;
      } else if (spec.target === 'sameStack') {
        // a conditional broker is only ever a target within its own stack (its Env decides both)
        const candidates = brokers.filter((o) => o.stack === b.stack && o !== b);
        target = candidates.length > 0 ? r.pick(candidates).index : undefined;
      } else if (spec.target === 'otherStack') {
        const candidates = brokers.filter((o) => o.stack !== b.stack && !o.conditional);
        target = candidates.length > 0 ? r.pick(candidates).index : undefined;
      }
      if (spec.target !== 'none' && target === undefined) kind = 'loopback';
      const withPassword = r.chance(0.05) ? r.pick(['attribute', 'userinfo'] as const) : undefined;
      (b.links as GenLink[]).push({ kind, target: kind === 'loopback' ? undefined : target, password: withPassword });
    }
  }
  return { seed, stacks, brokers };
}

/** A short description of an app, printed with a failing seed. */
export function describeApp(app: GenApp): string {
  return app.brokers.map((b) => `B${b.index}@S${b.stack} ${b.engine}${b.conditional ? ' (prod only)' : ''} attach=${b.attach}`
    + `${b.associationConditional ? '(prod)' : ''} admin=${b.adminPassword} bridge=${b.bridgeSecret}/${b.bridgeEncoding} data=${b.data}`
    + ` public=${b.publicL1}${b.publicOverride === undefined ? '' : `->${b.publicOverride}`}${b.acknowledged ? ' ack' : ''}`
    + ` links=[${b.links.map((l) => `${l.kind}${l.target === undefined ? '' : `->B${l.target}`}${l.password ? `+pw:${l.password}` : ''}`).join(', ')}]`).join('\n');
}
