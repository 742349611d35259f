import { booleanValue } from './booleans';
import { CfnObject, isObject } from '../../cfn';

/** Whether a broker publishes the given log (`Logs.Audit` or `Logs.General`); throws when not known before deployment. */
export function logEnabled(props: CfnObject, log: 'Audit' | 'General'): boolean {
  const logs = props.Logs;
  if (logs === undefined) return false;
  if (!isObject(logs)) throw new Error('Logs is not known before deployment');
  return booleanValue(logs[log], `Logs.${log}`) === true;
}
