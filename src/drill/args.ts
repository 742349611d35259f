import { parseArgs } from 'node:util';

export type TopologyName = 'full-mesh' | 'hub-and-spoke' | 'concentrator';
export type NegativeDrill = 'bridge-password' | 'hub-ttl-1' | 'naive-rotation';
/** 'client': the broker the client is connected to; 'all': every broker (a whole-mesh outage); 'none': no kill; a number: that node. */
export type KillTarget = 'client' | 'all' | 'none' | number;

/** Everything the `drill` command line can set. */
export interface DrillOptions {
  readonly brokers: number;
  readonly topology: TopologyName;
  readonly hub: number;
  readonly durationSeconds: number;
  readonly kill: KillTarget;
  readonly networkTtl?: number;
  readonly negative?: NegativeDrill;
  /** 'library', 'activemq' or a failover query string such as 'randomize=false&initialReconnectDelay=50'. */
  readonly failover: string;
  readonly basePort: number;
  readonly workDir?: string;
  readonly jsonFile?: string;
  readonly rate: number;
  /** Start the consumer this many seconds after the producer, so messages wait on a broker (0: at once). */
  readonly consumerDelaySeconds: number;
  /** Drill the brokers of a synthesized app (a cloud assembly directory or a template file) instead of the options' mesh. */
  readonly from?: string;
  /** With `from`: drill only this case (1-based) of the app's deploy-time conditions. */
  readonly caseNumber?: number;
  /** Rotate the inter-broker credentials the library's way under traffic, instead of the kill. */
  readonly rotate?: boolean;
}

/** A bad command line: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const DEFAULT_DRILL_OPTIONS: DrillOptions = {
  brokers: 3,
  topology: 'full-mesh',
  hub: 0,
  durationSeconds: 30,
  kill: 'client',
  failover: 'library',
  basePort: 61616,
  rate: 50,
  consumerDelaySeconds: 0,
};

/** Ports are basePort + PORT_STEP * node. */
export const PORT_STEP = 10;
/** Enough for a mesh test on one machine; each broker JVM takes about 150 MB. */
export const MAX_BROKERS = 10;
/** The most ActiveMQ brokers `--from` runs at once (about 3 GB of broker JVMs). */
export const MAX_FROM_BROKERS = 20;

export const HELP = `Usage: cdk-activemq-mesh drill [options]
       cdk-activemq-mesh drill --from <cdk.out | template.json | template.yaml> [options]

Runs the broker configurations this library generates (MeshPlan, the same code the ActiveMqBrokerMesh
construct uses) on real local ActiveMQ brokers, proves every bridge carries messages, sends persistent
messages through the library's OpenWire failover URI, kills (-9) the broker the client is on, restarts it,
and counts sent / received / missing / duplicated messages and the time to recover.

With --from, it runs the ActiveMQ brokers of any synthesized app instead (written with this library,
another one, or bare CloudFormation): each broker's configuration as CloudFormation deploys it, its
connectors moved to loopback ports, its users with generated local passwords; every case of the app's
deploy-time conditions is drilled in turn. A broker that is not connected fails the drill.

Needs Debian's ActiveMQ 5.17 and Java 17: apt-get install -y activemq

Options:
  --brokers <n>          number of brokers, 2-${MAX_BROKERS} (default 3)
  --topology <name>      full-mesh | hub-and-spoke | concentrator (default full-mesh)
  --hub <index>          hub node for hub-and-spoke (default 0)
  --duration <seconds>   traffic time, at least 5; the kill is at 30%, the restart at 60% (default 30)
  --kill <node|all>      kill this node index instead of the client's broker, or every broker (a
                         whole-mesh outage: measures how fast clients come back after the mesh does)
  --no-kill              send and count messages without killing a broker
  --network-ttl <n>      networkConnector networkTTL (default: the topology's recommended value)
  --rotate               instead of the kill: rotate the inter-broker credentials of the running mesh the
                         library's way (alternating users, one rolling reboot targets first) under traffic,
                         with every bridge probed continuously; fails if a bridge between running brokers
                         goes down, a credential is refused or a message is missing
  --negative <drill>     demonstrate a misconfiguration instead of a failover:
                           bridge-password  the last node gets a different inter-broker password
                           hub-ttl-1        hub-and-spoke with networkTTL 1 (spokes cannot reach each other)
                           naive-rotation   rotate the inter-broker user's own password everywhere, then
                                            reboot: bridges between running brokers go down
                         exits 0 when the failure was detected and explained, 1 when it went undetected
  --failover <opts>      library (FailoverUri.LIBRARY_DEFAULTS, default) | activemq (ActiveMQ's own
                         defaults) | a query string, e.g. 'randomize=false&initialReconnectDelay=50',
                         merged over the library defaults; checked by the ActiveMQ client itself
                         before any broker starts
  --rate <msgs/s>        producer rate, 1-2000 (default 50)
  --consumer-delay <s>   start the consumer this many seconds after the producer, so messages wait on
                         the broker; past the kill they wait on the dead broker until it is back (default 0)
  --base-port <port>     OpenWire port of node 0; node i uses base-port + ${PORT_STEP}*i (default 61616)
  --work-dir <dir>       broker directories, configurations and logs; must be new or empty (default: a
                         new cdk-activemq-mesh-drill-* directory under the OS temp directory)
  --json <file>          also write the report as JSON
  --from <path>          drill the brokers of a synthesized app: a cloud assembly directory (cdk.out) or
                         one template file (JSON or YAML); --brokers, --topology, --hub, --network-ttl
                         and --negative do not apply (the app decides them)
  --case <n>             with --from: drill only case n of the app's deploy-time conditions (the report
                         lists them; default: every case, one after another)
  --help                 show this help

Exit codes: 0 drill passed (or the negative drill's failure was detected); 1 drill failed (a bridge never
formed, a message was missing after the restart, a broker failed; with --from also a broker that is not
connected or that cannot be drilled as deployed); 2 bad options (also a port in use, a failover option the
ActiveMQ client refuses, a --from path that is not a cloud assembly or template); 3 ActiveMQ or Java
missing; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
`;

function int(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${raw}'.`);
  }
  return n;
}

/** Parses the arguments after `drill`: options only; a positional argument is a UsageError. */
export function parseDrillArgs(argv: readonly string[]): { help: true } | { help: false; options: DrillOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'brokers': { type: 'string' },
        'topology': { type: 'string' },
        'hub': { type: 'string' },
        'duration': { type: 'string' },
        'kill': { type: 'string' },
        'no-kill': { type: 'boolean' },
        'network-ttl': { type: 'string' },
        'negative': { type: 'string' },
        'failover': { type: 'string' },
        'base-port': { type: 'string' },
        'work-dir': { type: 'string' },
        'json': { type: 'string' },
        'rate': { type: 'string' },
        'consumer-delay': { type: 'string' },
        'from': { type: 'string' },
        'rotate': { type: 'boolean' },
        'case': { type: 'string' },
        'help': { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}. Run with --help for the options.`);
  }
  const v = parsed.values;
  if (v.help) {
    return { help: true };
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument '${parsed.positionals[0]}': drill takes only options. Run \`cdk-activemq-mesh drill --help\` for them.`);
  }

  const d = DEFAULT_DRILL_OPTIONS;
  if (v.from !== undefined) {
    if (v.from.trim() === '') {
      throw new UsageError('--from needs a path: a cloud assembly directory (cdk.out) or a template file.');
    }
    const set = ['brokers', 'topology', 'hub', 'network-ttl', 'negative'].find((k) => (v as { [k: string]: unknown })[k] !== undefined);
    if (set !== undefined) {
      throw new UsageError(`--${set} cannot be combined with --from: the app's templates decide the brokers and their connectors; drop --${set}.`);
    }
  } else if (v.case !== undefined) {
    throw new UsageError(`--case ${v.case} applies only with --from <cdk.out>: add --from or drop --case.`);
  }
  const brokers = int('brokers', v.brokers, 2, MAX_BROKERS) ?? d.brokers;

  const negative = v.negative;
  if (negative !== undefined && negative !== 'bridge-password' && negative !== 'hub-ttl-1' && negative !== 'naive-rotation') {
    throw new UsageError(`--negative must be bridge-password, hub-ttl-1 or naive-rotation, got '${negative}'.`);
  }
  if (v.rotate || negative === 'naive-rotation') {
    const what = v.rotate ? '--rotate' : '--negative naive-rotation';
    const set = ['kill', 'no-kill', 'duration', 'consumer-delay', 'from'].find((k) => (v as { [k: string]: unknown })[k] !== undefined);
    if (set !== undefined) {
      throw new UsageError(`--${set} cannot be combined with ${what}: the rotation replaces the kill and lasts as long as its reboots; drop --${set}.`);
    }
    if (v.rotate && negative !== undefined) {
      throw new UsageError(`--rotate cannot be combined with --negative ${negative}: pass one of them (--negative naive-rotation is the rotation done wrong).`);
    }
  }
  const topology = v.topology ?? (negative === 'hub-ttl-1' ? 'hub-and-spoke' : d.topology);
  if (topology !== 'full-mesh' && topology !== 'hub-and-spoke' && topology !== 'concentrator') {
    throw new UsageError(`--topology must be full-mesh, hub-and-spoke or concentrator, got '${topology}'.`);
  }
  if (negative === 'hub-ttl-1' && topology !== 'hub-and-spoke') {
    throw new UsageError(`--negative hub-ttl-1 needs --topology hub-and-spoke, got '${topology}': drop --topology or set it to hub-and-spoke.`);
  }
  if (negative !== undefined && v['network-ttl'] !== undefined) {
    throw new UsageError('--network-ttl cannot be combined with --negative: the negative drill sets the connectors itself.');
  }
  const hub = int('hub', v.hub, 0, brokers - 1) ?? d.hub;
  if (v.hub !== undefined && topology !== 'hub-and-spoke') {
    throw new UsageError(`--hub applies only to --topology hub-and-spoke, got topology '${topology}'.`);
  }

  if (v.kill !== undefined && v['no-kill']) {
    throw new UsageError('--kill and --no-kill contradict each other: pass one of them.');
  }
  let kill: KillTarget = 'client';
  if (v['no-kill']) {
    kill = 'none';
  } else if (v.kill === 'all') {
    kill = 'all';
  } else if (v.kill !== undefined) {
    const nodes = v.from !== undefined ? MAX_FROM_BROKERS : brokers;
    try {
      kill = int('kill', v.kill, 0, nodes - 1)!;
    } catch {
      throw new UsageError(`--kill must be a node index from 0 to ${nodes - 1} or 'all', got '${v.kill}'.`);
    }
  }

  const failover = v.failover ?? d.failover;
  if (failover !== 'library' && failover !== 'activemq' && !/^[A-Za-z0-9_.]+=[^&\s]*(&[A-Za-z0-9_.]+=[^&\s]*)*$/.test(failover)) {
    throw new UsageError(`--failover must be library, activemq or a query string like 'randomize=false&initialReconnectDelay=50', got '${failover}'.`);
  }
  const basePort = int('base-port', v['base-port'], 1024, 65535 - PORT_STEP * ((v.from !== undefined ? 1 : brokers) - 1)) ?? d.basePort;

  const durationSeconds = int('duration', v.duration, 5, 3600) ?? d.durationSeconds;
  return {
    help: false,
    options: {
      brokers,
      topology,
      hub,
      durationSeconds,
      kill,
      networkTtl: int('network-ttl', v['network-ttl'], 1, 10),
      negative,
      failover,
      basePort,
      workDir: v['work-dir'],
      jsonFile: v.json,
      rate: int('rate', v.rate, 1, 2000) ?? d.rate,
      consumerDelaySeconds: int('consumer-delay', v['consumer-delay'], 0, durationSeconds - 1) ?? d.consumerDelaySeconds,
      from: v.from,
      caseNumber: int('case', v.case, 1, 10_000),
      rotate: v.rotate || undefined,
    },
  };
}
