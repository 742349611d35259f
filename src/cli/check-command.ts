import * as fs from 'fs';
import { CHECK_USAGE, parseCheckArgs, UsageError } from './check/args';
import { render } from './check/formats';
import { runCheck } from './check/run';
import { packageVersion } from './main';
import { CliCommand } from '../private/cli-command';

/**
 * `cdk-activemq-mesh check <cdk.out | template.json | template.yaml ...>`: the rule pack's gate on any
 * CloudFormation templates. Exit 0 without errors, 1 with errors (or warnings with --fail-on-warnings), 2 on bad
 * input. The summary line always reaches the log: at the end of the text report on stdout, else on stderr.
 */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check CloudFormation templates or a cloud assembly against the ActiveMqMesh rules (exit 1 on errors)',
  run: async (argv) => {
    try {
      const args = parseCheckArgs(argv);
      if (args.help) {
        process.stdout.write(CHECK_USAGE);
        return 0;
      }
      const report = runCheck(args);
      const out = render(report, args.format, packageVersion());
      if (args.output !== undefined) {
        try {
          fs.writeFileSync(args.output, out);
        } catch (e) {
          throw new UsageError(`--output ${args.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
      } else {
        process.stdout.write(out);
      }
      if (args.format !== 'text' || args.output !== undefined) {
        // the text report ends with the summary line; for the other formats (or a file) it goes to the log here
        process.stderr.write(`${report.line}\n`);
      }
      return report.failed ? 1 : 0;
    } catch (e) {
      if (e instanceof UsageError) {
        process.stderr.write(`cdk-activemq-mesh check: ${e.message}\n`);
        return 2;
      }
      // an error of the tool itself never passes: it fails like an error finding would
      process.stderr.write(`cdk-activemq-mesh check: the check failed: ${(e as Error).stack ?? e}\n`);
      return 1;
    }
  },
};
