#!/usr/bin/env bash
# Synth time and peak memory of ActiveMqBrokerMesh (3, 10, 20 nodes) beside the same number of bare CfnBrokers,
# alternating in one run, each measurement in a fresh Node process. Needs `npx projen bundle` first.
# Usage: bench/synth/run.sh [repetitions=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-5}
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
out=$(mktemp)
for n in 3 10 20; do
  for r in $(seq "$reps"); do
    for kind in mesh bare; do
      npx ts-node --transpile-only --project tsconfig.dev.json bench/synth/synth-once.ts "$kind" "$n" >> "$out"
    done
  done
done
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const median = a => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
console.log("| nodes | mesh synth ms (median) | bare CfnBroker synth ms | time ratio | mesh peak RSS MB | bare peak RSS MB | RSS ratio |");
console.log("|---|---|---|---|---|---|---|");
for (const n of [3, 10, 20]) {
  const m = rows.filter(r => r.kind === "mesh" && r.nodes === n), b = rows.filter(r => r.kind === "bare" && r.nodes === n);
  const mt = median(m.map(r => r.ms)), bt = median(b.map(r => r.ms)), mr = median(m.map(r => r.maxRssMb)), br = median(b.map(r => r.maxRssMb));
  console.log(`| ${n} | ${mt} (${Math.min(...m.map(r => r.ms))}–${Math.max(...m.map(r => r.ms))}) | ${bt} (${Math.min(...b.map(r => r.ms))}–${Math.max(...b.map(r => r.ms))}) | ${(mt / bt).toFixed(2)} | ${mr} | ${br} | ${(mr / br).toFixed(2)} |`);
}' "$out"
