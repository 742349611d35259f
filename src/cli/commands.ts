import { checkCommand } from './check-command';
import { CliCommand } from './command';
import { drillCommand } from '../drill/cli';

/** The subcommands of `cdk-activemq-mesh`, in help order. */
export const COMMANDS: readonly CliCommand[] = [checkCommand, drillCommand];
