import * as fs from 'fs';
import * as path from 'path';
import { CheckFormat } from './args';
import { CheckedFinding, CheckReport } from './run';
import { PACK, RULES } from '../../gate';

/** Renders a report in one of the formats of `check`. */
export function render(report: CheckReport, format: CheckFormat, version: string): string {
  switch (format) {
    case 'json': return `${JSON.stringify(json(report, version), undefined, 2)}\n`;
    case 'sarif': return `${JSON.stringify(sarif(report, version), undefined, 2)}\n`;
    case 'junit': return junit(report);
    default: return text(report);
  }
}

function text(report: CheckReport): string {
  const lines = report.findings.map((f) => {
    const where = f.file === undefined ? '' : `\n    in ${f.file}${f.subject.logicalId === '' ? '' : ` (${f.subject.logicalId})`}`;
    const ack = f.acknowledged === undefined ? '' : `\n    acknowledged: ${f.acknowledged}`;
    return `${(f.acknowledged === undefined ? f.level : 'Acknowledged').toUpperCase()} ${f.message}${where}${ack}`;
  });
  return [...lines, report.line, ''].join('\n');
}

function json(report: CheckReport, version: string): object {
  return {
    tool: 'cdk-activemq-mesh check',
    version,
    summary: { ...report.summary, line: report.line, failed: report.failed },
    findings: report.findings.map((f) => ({
      ruleId: `${PACK}-${f.rule}`,
      level: f.level,
      path: f.subjectPath,
      file: f.file,
      logicalId: f.subject.logicalId || undefined,
      involved: f.involved.map((k) => ({ template: k.template, logicalId: k.logicalId || undefined })),
      message: f.message,
      fix: f.fix,
      when: f.when.length > 0 ? f.when : undefined,
      acknowledged: f.acknowledged,
    })),
  };
}

/** SARIF 2.1.0 (OASIS), one result per finding; acknowledged findings carry an accepted external suppression. */
function sarif(report: CheckReport, version: string): object {
  const lines = new LineFinder();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk-activemq-mesh',
          semanticVersion: /^\d+\.\d+\.\d+/.test(version) ? version : undefined,
          informationUri: 'https://github.com/cdk-activemq-mesh/cdk-activemq-mesh/blob/main/RULES.md',
          rules: RULES.map((r) => ({
            id: `${PACK}-${r.id}`,
            name: r.id,
            shortDescription: { text: `The broker ${r.problem}.` },
            fullDescription: { text: r.explanation },
            help: { text: r.fix },
            defaultConfiguration: { level: sarifLevel(r.level) },
          })),
        },
      },
      results: report.findings.map((f) => {
        const line = f.file === undefined || f.subject.logicalId === '' ? undefined : lines.lineOf(f.file, f.subject.logicalId);
        return {
          ruleId: `${PACK}-${f.rule}`,
          ruleIndex: RULES.findIndex((r) => r.id === f.rule),
          level: sarifLevel(f.level),
          message: { text: f.message },
          locations: [{
            physicalLocation: f.file === undefined ? undefined : {
              artifactLocation: { uri: toUri(f.file) },
              region: line === undefined ? undefined : { startLine: line },
            },
            logicalLocations: [{ name: f.subject.logicalId || f.subjectPath, fullyQualifiedName: f.subjectPath, kind: 'resource' }],
          }],
          suppressions: f.acknowledged === undefined ? undefined : [{ kind: 'external', status: 'accepted', justification: f.acknowledged }],
          properties: f.when.length > 0 ? { when: f.when } : undefined,
        };
      }),
    }],
  };
}

/** JUnit XML (Apache Ant schema): one suite per template, one case per broker; errors fail, the rest is in system-out. */
function junit(report: CheckReport): string {
  const suites = new Map<string, CheckedFinding[]>();
  for (const s of report.sources) suites.set(s.id, []);
  for (const f of report.findings) suites.set(f.subject.template, [...(suites.get(f.subject.template) ?? []), f]);
  const stamp = new Date().toISOString().slice(0, 19);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  let id = 0;
  for (const [template, findings] of suites) {
    const source = report.sources.find((s) => s.id === template);
    const cases = new Map<string, CheckedFinding[]>();
    for (const f of findings) cases.set(f.subjectPath, [...(cases.get(f.subjectPath) ?? []), f]);
    const failing = (fs2: CheckedFinding[]) => fs2.filter((f) => f.acknowledged === undefined && (f.level === 'Error' || report.failOnWarnings));
    const failures = [...cases.values()].filter((c) => failing(c).length > 0).length;
    out.push(`  <testsuite package="${esc(PACK)}" id="${id++}" name="${esc(source?.displayName ?? template)}" timestamp="${stamp}" hostname="localhost" `
      + `tests="${cases.size}" failures="${failures}" errors="0" time="0">`);
    out.push('    <properties/>');
    for (const [subject, list] of cases) {
      out.push(`    <testcase name="${esc(subject)}" classname="${esc(`${PACK}.${source?.displayName ?? template}`)}" time="0">`);
      const bad = failing(list);
      if (bad.length > 0) {
        out.push(`      <failure message="${esc(`${bad.length} finding${bad.length === 1 ? '' : 's'}: ${bad.map((f) => `${PACK}-${f.rule}`).join(', ')}`)}" type="${esc(bad[0].level)}">`
          + `${esc(bad.map((f) => f.message).join('\n'))}</failure>`);
      }
      out.push('    </testcase>');
    }
    const notes = findings.filter((f) => !failing([f]).length).map((f) => `${f.acknowledged === undefined ? f.level : `Acknowledged (${f.acknowledged})`}: ${f.message}`);
    out.push(`    <system-out>${esc([...notes, report.line].join('\n'))}</system-out>`, '    <system-err/>', '  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

function sarifLevel(level: string): string {
  return level === 'Error' ? 'error' : level === 'Warning' ? 'warning' : 'note';
}

function toUri(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(file) : rel).split(path.sep).map(encodeURIComponent).join('/');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&apos;' }[c]!))
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/** The line of a resource's logical id in a template file (JSON `"Id":` or YAML `Id:`), found once per file. */
class LineFinder {
  private readonly files = new Map<string, string[]>();

  public lineOf(file: string, logicalId: string): number | undefined {
    let lines = this.files.get(file);
    if (lines === undefined) {
      try {
        lines = fs.readFileSync(file, 'utf8').split('\n');
      } catch {
        lines = [];
      }
      this.files.set(file, lines);
    }
    const re = new RegExp(`^\\s*("${logicalId}"|${logicalId})\\s*:`);
    const i = lines.findIndex((l) => re.test(l));
    return i < 0 ? undefined : i + 1;
  }
}
