// Shared by the package's smoke apps: the rule pack's outcome, read from the validation report that synthesis writes
// into the cloud assembly. It is the same whether the app runs under `node app.js` or `cdk synth`; under `cdk synth`
// the CLI, not the app, turns a failure into the exit code, so an app cannot rely on process.exitCode.
const fs = require('fs');
const path = require('path');

function readReport(assemblyDirectory) {
  const file = path.join(assemblyDirectory, 'validation-report.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/** One problem per plugin that did not succeed, naming its failing rules; none when the report is all success. */
exports.rulePackProblems = function rulePackProblems(assemblyDirectory) {
  const report = readReport(assemblyDirectory);
  if (report === undefined) return process.exitCode ? [`synthesis failed (exit code ${process.exitCode})`] : [];
  return report.pluginReports.filter((r) => r.conclusion !== 'success')
    .map((r) => `the rule pack ${r.pluginName} failed: ${[...new Set(r.violations.map((v) => v.ruleName))].join(', ')}`);
};

/** The findings above info level (warnings and errors) whose text mentions `text`, as `rule (severity)`. */
exports.findingsAboveInfo = function findingsAboveInfo(assemblyDirectory, text) {
  const report = readReport(assemblyDirectory);
  return (report ? report.pluginReports : []).flatMap((r) => r.violations)
    .filter((v) => v.severity !== 'info' && v.description.includes(text))
    .map((v) => `${v.ruleName} (${v.severity})`);
};
