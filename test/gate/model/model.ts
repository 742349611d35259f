/**
 * The verdict a generated app's description implies, computed from the description alone (never from templates or
 * the gate): which brokers are standalone, have a plaintext password, a connector password, a bridge user whose
 * password differs from a peer's, or are public, in some combination of the stacks' Env parameters.
 */
import { ADMIN_PASSWORDS, GenApp, GenBroker, LINK_KINDS } from './generator';

/** `Rule path` for every expected error finding, sorted; acknowledged StandaloneBroker findings left out. */
export function expectedErrors(app: GenApp): string[] {
  const out = new Set<string>();
  for (const world of worlds(app.stacks)) {
    const exists = (b: GenBroker) => !b.conditional || world[b.stack];
    const activeMq = (b: GenBroker) => b.engine !== 'RABBITMQ';
    const links = (b: GenBroker) => (exists(b) && configured(b, world[b.stack]) ? b.links : []);
    const counted = new Set<number>();
    for (const b of app.brokers.filter((x) => activeMq(x) && exists(x))) {
      for (const l of links(b)) {
        const spec = LINK_KINDS[l.kind];
        if (spec.external) counted.add(b.index);
        if (!spec.toPeer || l.target === undefined) continue;
        const t = app.brokers[l.target];
        if (t !== b && exists(t) && activeMq(t)) {
          counted.add(b.index);
          counted.add(t.index);
          if (t.bridgeSecret !== b.bridgeSecret) out.add(`InterBrokerUserMismatch S${b.stack}/B${b.index}`);
        }
      }
    }
    for (const b of app.brokers.filter((x) => activeMq(x) && exists(x))) {
      const path = `S${b.stack}/B${b.index}`;
      if (!counted.has(b.index) && !b.acknowledged) out.add(`StandaloneBroker ${path}`);
      if (!ADMIN_PASSWORDS[b.adminPassword][world[b.stack] ? 'prod' : 'other']) out.add(`PlaintextUserPassword ${path}`);
      // a connector in a foreign namespace is not the broker's, so neither is its password
      if (links(b).some((l) => l.password !== undefined && l.kind !== 'foreignNs')) out.add(`ConnectorPassword ${path}`);
      if ((b.publicOverride === undefined ? b.publicL1 : b.publicOverride === true)) out.add(`PublicBroker ${path}`);
    }
  }
  return [...out].sort();
}

/** Whether the configuration with the broker's links applies (an association wins over Configuration). */
function configured(b: GenBroker, prod: boolean): boolean {
  const association = prod || !b.associationConditional;
  switch (b.attach) {
    case 'none': return false;
    case 'configuration': return true;
    case 'association': return association;
    case 'assocOverEmpty': return association;
    case 'emptyAssocOverConfig': return !association;
  }
}

/** Every combination of the stacks' Env being 'prod' (true) or anything else. */
function worlds(stacks: number): boolean[][] {
  let out: boolean[][] = [[]];
  for (let i = 0; i < stacks; i++) out = out.flatMap((w) => [[...w, true], [...w, false]]);
  return out;
}
