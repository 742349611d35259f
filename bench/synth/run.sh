#!/usr/bin/env bash
# Synth time and peak memory of ActiveMqBrokerMesh (3, 10, 20 nodes) beside the same number of bare CfnBrokers and a
# hand-written L1 mesh, alternating in one run, each measurement in a fresh Node process running compiled JavaScript
# (as an app that depends on the published package does; ts-node's source-map hook would make every construct's stack
# trace capture dearer and skew the comparison). Needs `npx projen bundle` first.
# Usage: bench/synth/run.sh [repetitions=5] [sizes="3 10 20"]
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-5}
sizes=${2:-"3 10 20"}
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
build=$(mktemp -d)
npx tsc -p tsconfig.dev.json --outDir "$build" --noEmit false --declaration false > /dev/null
ln -s "$PWD/node_modules" "$build/node_modules"
mkdir -p "$build/assets" && ln -s "$PWD/assets/lifecycle" "$build/assets/lifecycle"
out=$(mktemp)
for n in $sizes; do
  for r in $(seq "$reps"); do
    for kind in mesh bare l1mesh; do
      node "$build/bench/synth/synth-once.js" "$kind" "$n" >> "$out"
    done
  done
done
rm -rf "$build"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const median = a => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const cell = rs => `${median(rs.map(r => r.ms))} (${Math.min(...rs.map(r => r.ms))}–${Math.max(...rs.map(r => r.ms))})`;
console.log("| nodes | mesh synth ms (median, min–max) | bare CfnBroker ms | hand-written L1 mesh ms | mesh / bare | mesh / L1 mesh | mesh peak RSS MB | bare RSS MB | L1 mesh RSS MB |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const n of process.argv[2].split(" ").map(Number)) {
  const of = k => rows.filter(r => r.kind === k && r.nodes === n);
  const [m, b, l] = ["mesh", "bare", "l1mesh"].map(of);
  const t = rs => median(rs.map(r => r.ms)), rss = rs => median(rs.map(r => r.maxRssMb));
  console.log(`| ${n} | ${cell(m)} | ${cell(b)} | ${cell(l)} | ${(t(m) / t(b)).toFixed(2)} | ${(t(m) / t(l)).toFixed(2)} | ${rss(m)} | ${rss(b)} | ${rss(l)} |`);
}' "$out" "$sizes"
