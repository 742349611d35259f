import { GateSummary } from './model';
import { PACK } from './rules';

/** The one summary line a CI log shows for every run, in the plugin and in `check`. */
export function summaryLine(s: GateSummary): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  return `${PACK}: ${n(s.brokers, 'broker')} checked, ${s.inMesh} in a mesh, ${s.standalone} standalone, `
    + `${n(s.errors, 'error')}, ${n(s.warnings, 'warning')}${s.infos > 0 ? ` (${n(s.infos, 'info')})` : ''}, ${s.acknowledged} acknowledged`;
}
