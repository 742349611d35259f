import { ExternalPeer, isPeerPattern } from '../../gate';

/** Bad command-line input: what is wrong and how to fix it (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CheckFormat = 'text' | 'json' | 'sarif' | 'junit';

/** The options of `cdk-activemq-mesh check`. */
export interface CheckArgs {
  readonly inputs: string[];
  readonly format: CheckFormat;
  readonly output?: string;
  readonly failOnWarnings: boolean;
  readonly externalPeers: ExternalPeer[];
  readonly acknowledgements?: string;
  readonly ownershipTagKeys: string[];
  readonly help: boolean;
}

export const CHECK_USAGE = `Usage: cdk-activemq-mesh check [options] <cdk.out | template.json | template.yaml ...>

Judges CloudFormation templates as CloudFormation will deploy them (parameters, conditions, overrides, imports
between the templates given) with the ActiveMqMesh rules: standalone brokers, connector passwords, plaintext
passwords, ... (see RULES.md). A directory is a cloud assembly (cdk.out, nested stage assemblies included).

Options:
  --format <text|json|sarif|junit>  report format (default text)
  --output <file>                   write the report to a file instead of stdout
  --fail-on-warnings                warnings and infos fail too (exit 1)
  --external-peer <endpoint=reason> a broker outside the templates that connectors may point at, with why
                                    (repeatable), e.g. 'b-*-1.mq.eu-west-1.amazonaws.com=DR mesh, app orders-dr'
  --acknowledgements <file>         JSON or YAML list of { id, resource, reason } acknowledging findings
  --ownership-tag <key>             a tag key every broker must carry (repeatable)
  -h, --help                        this help

Exit codes: 0 no error, 1 errors (or warnings with --fail-on-warnings), 2 bad input.
One summary line always ends the text report (stdout), or goes to stderr for the other formats and --output.
`;

/** Parses the arguments after `check`. */
export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const inputs: string[] = [];
  const externalPeers: ExternalPeer[] = [];
  const ownershipTagKeys: string[] = [];
  let format: CheckFormat = 'text';
  let output: string | undefined;
  let acknowledgements: string | undefined;
  let failOnWarnings = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') && !a.startsWith('--external-peer=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : a.startsWith('--external-peer=') ? ['--external-peer', a.slice('--external-peer='.length)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value: see --help`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help': help = true; break;
      case '--format': {
        const f = value();
        if (!['text', 'json', 'sarif', 'junit'].includes(f)) throw new UsageError(`--format must be text, json, sarif or junit, got '${f}'`);
        format = f as CheckFormat;
        break;
      }
      case '--output': output = value(); break;
      case '--fail-on-warnings': failOnWarnings = true; break;
      case '--acknowledgements': acknowledgements = value(); break;
      case '--ownership-tag': ownershipTagKeys.push(value()); break;
      case '--external-peer': {
        const v = value();
        const eq = v.indexOf('=');
        const endpoint = eq < 0 ? v : v.slice(0, eq);
        const reason = eq < 0 ? '' : v.slice(eq + 1).trim();
        if (!isPeerPattern(endpoint)) {
          throw new UsageError(`--external-peer '${v}': '${endpoint}' is not an endpoint or host (a '*' may not stand in the last two labels of the host); give e.g. 'ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617=DR mesh'`);
        }
        if (reason === '') throw new UsageError(`--external-peer '${v}' has no reason: write it after '=', e.g. '${endpoint}=DR mesh, app orders-dr'`);
        externalPeers.push({ endpoint, reason });
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option '${a}': see --help`);
        inputs.push(a);
    }
  }
  if (!help && inputs.length === 0) throw new UsageError('give at least one cloud assembly directory or template file: see --help');
  return { inputs, format, output, failOnWarnings, externalPeers, acknowledgements, ownershipTagKeys, help };
}
