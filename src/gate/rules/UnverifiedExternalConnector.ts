import { defineRule, listNames } from './rule';

/**
 * A connector to something outside the templates judged (a declared external peer, a literal host, an import of
 * another app) cannot be verified: the remote broker may not exist or lack the connector user.
 */
export default defineRule(__filename, {
  level: 'Info',
  problem: 'has a networkConnector to a broker outside the templates judged',
  fix: 'check the remote broker by hand (it exists, is ActiveMQ, has the connector user); declare it as an external peer with the reason',
  explanation: 'The gate sees only the templates it judges: it cannot check that a remote broker exists, has the connector user or is networked.',
  check: (b) => {
    const external = b.connectors.flatMap((c) => c.targets.filter((t) => t.kind === 'external').map((t) => (t.kind === 'external'
      ? `${t.endpoint}${t.declared === undefined ? ' (not declared)' : ` (declared: ${t.declared.reason})`}` : '')));
    return external.length === 0 ? undefined : { detail: `its connectors point at ${listNames([...new Set(external)], 3)}` };
  },
});
