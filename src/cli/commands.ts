import { checkCommand } from './check-command';
import { drillCommand } from '../drill/cli';
import { CliCommand } from '../private/cli-command';

/** The subcommands of `cdk-activemq-mesh`, in help order. */
export const COMMANDS: readonly CliCommand[] = [checkCommand, drillCommand];
