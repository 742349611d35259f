import { CfnObject, ImpossibleWorld, OpaqueIds } from '../cfn';
import { Finding, GateOptions, GateSummary, ResourceKey, TemplateSource } from './model';
import { AppWorld, keyString } from './private/app-world';
import { analyseBrokers } from './private/brokers';
import { appWorlds, expandTemplates, TemplateProblem, worldCount } from './private/expand';
import { GateRule, PACK, RULES, RuleContext, Unverifiable } from './rules';
import { tagsOf } from './rules/tags';

/** What a gate run found. */
export interface GateResult {
  /** Findings, merged over every case of the deploy-time conditions, in report order. */
  readonly findings: Finding[];
  /** Counts for the summary line (errors/warnings before acknowledgement). */
  readonly summary: GateSummary;
  /** How many combinations of deploy-time conditions were judged. */
  readonly cases: number;
}

/**
 * Judges a set of templates (a whole cloud assembly, or template files) as CloudFormation will deploy them:
 * every combination of deploy-time conditions, every broker, every rule. Never throws: what cannot be judged is an
 * `ActiveMqMesh-Unverifiable` error finding naming its cause.
 */
export function runGate(sources: TemplateSource[], options: GateOptions = {}): GateResult {
  const findings = new FindingSet();
  const brokers = new Map<string, { standalone: boolean }>();
  let cases = 0;
  try {
    const problems: TemplateProblem[] = [];
    const alternatives = expandTemplates(sources, new OpaqueIds(), problems);
    for (const p of problems) findings.add(unverifiable(sources, p.subject, p.detail), []);
    const total = worldCount(alternatives);
    const limit = options.maxWorlds ?? 256;
    if (total > limit) {
      findings.add(unverifiable(sources, { template: sources[0]?.id ?? 'app', logicalId: '' },
        `the templates' conditions combine into ${total} cases, more than the ${limit} the gate judges one by one`), []);
    } else {
      for (const world of appWorlds(alternatives)) {
        if (judgeWorld(world, options, findings, brokers, total > 1)) cases++;
      }
    }
  } catch (e) {
    findings.add({ ...unverifiable(sources, { template: sources[0]?.id ?? 'app', logicalId: '' }, `the gate failed: ${describeError(e)}`), final: true }, []);
  }
  const list = findings.list(cases);
  const standalone = [...brokers.values()].filter((b) => b.standalone).length;
  return {
    findings: list,
    cases,
    summary: {
      brokers: brokers.size,
      inMesh: brokers.size - standalone,
      standalone,
      errors: list.filter((f) => f.level === 'Error').length,
      warnings: list.filter((f) => f.level === 'Warning').length,
      infos: list.filter((f) => f.level === 'Info').length,
      acknowledged: 0,
    },
  };
}

/** Judges one world; false when the world cannot deploy (and so needs no judging). */
function judgeWorld(
  world: AppWorld, options: GateOptions, findings: FindingSet, seen: Map<string, { standalone: boolean }>, several: boolean,
): boolean {
  const when = several ? world.choices : [];
  try {
    const brokers = analyseBrokers(world, options);
    for (const p of brokers.problems) findings.add(finding(Unverifiable, p.key, world.pathOf(p.key), [p.key], p.detail), when);
    const memos = new Map<string, unknown>();
    const ctx: RuleContext = {
      world,
      brokers,
      options,
      today: options.today ?? new Date().toISOString().slice(0, 10),
      memo: <T>(key: string, fn: () => T): T => {
        if (!memos.has(key)) memos.set(key, fn());
        return memos.get(key) as T;
      },
    };
    const isolated = new Set(brokers.graph.isolatedBrokers());
    for (const b of brokers.list) {
      if (b.engine === 'RABBITMQ' || !inScope(b.props, options)) continue;
      const k = keyString(b.key);
      const prior = seen.get(k);
      let standalone = isolated.has(k);
      for (const rule of RULES) {
        let violation;
        try {
          violation = rule.check(b, ctx);
        } catch (e) {
          if (e instanceof ImpossibleWorld) throw e;
          findings.add({ ...finding(Unverifiable, b.key, b.path, [b.key], `rule ${PACK}-${rule.id} could not be verified: ${describeError(e)}`), final: true }, when);
          continue;
        }
        if (violation !== undefined) {
          if (rule.id === 'StandaloneBroker') standalone = true;
          findings.add(finding(rule, b.key, b.path, violation.involved ?? [b.key], violation.detail), when);
        } else if (rule.id === 'StandaloneBroker') {
          standalone = false;
        }
      }
      seen.set(k, { standalone: standalone || (prior?.standalone ?? false) });
    }
    return true;
  } catch (e) {
    if (e instanceof ImpossibleWorld) return false;
    findings.add({
      ...unverifiable([], { template: world.templates[0]?.evaluation.id ?? 'app', logicalId: '' },
        `the gate failed while judging ${world.choices.length > 0 ? `the case ${world.choices.join(', ')}` : 'the app'}: ${describeError(e)}`,
        world.templates[0]?.source.displayName),
      final: true,
    }, when);
    return true;
  }
}

function inScope(props: CfnObject, options: GateOptions): boolean {
  if (options.scopeTagKey === undefined) return true;
  const tags = tagsOf(props);
  if (tags === undefined) return true; // tags known only at deploy time: checked (fail closed)
  if (!tags.has(options.scopeTagKey)) return false;
  const value = tags.get(options.scopeTagKey);
  return options.scopeTagValue === undefined || value === undefined || value === options.scopeTagValue;
}

function finding(rule: GateRule, subject: ResourceKey, path: string, involved: ResourceKey[], detail: string): Finding {
  const what = subject.logicalId === '' ? `the template ${path} ${rule.id === 'Unverifiable' ? 'could not be judged' : rule.problem}` : `the broker ${path} ${rule.problem}`;
  return {
    rule: rule.id,
    level: rule.level,
    subject,
    subjectPath: path,
    involved: dedupe([subject, ...involved]),
    message: `${PACK}-${rule.id}: ${what} (${detail}); ${rule.fix}.`,
    fix: rule.fix,
    explanation: rule.explanation,
    when: [],
  };
}

function unverifiable(sources: TemplateSource[], subject: ResourceKey, detail: string, displayName?: string): Finding {
  const source = sources.find((s) => s.id === subject.template);
  const name = displayName ?? source?.displayName ?? subject.template;
  const path = subject.logicalId === '' ? name : `${name}/${subject.logicalId}`;
  return finding(Unverifiable, subject, path, [subject], detail);
}

function dedupe(keys: ResourceKey[]): ResourceKey[] {
  const seen = new Set<string>();
  return keys.filter((k) => (seen.has(keyString(k)) ? false : (seen.add(keyString(k)), true)));
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
}

/** Findings keyed by rule and subject: the same finding in several cases is one finding naming the cases. */
class FindingSet {
  private readonly byKey = new Map<string, { finding: Finding; when: string[][]; everywhere: boolean }>();

  public add(f: Finding, when: ReadonlyArray<string>): void {
    const key = `${f.rule}\u0000${keyString(f.subject)}`;
    const entry = this.byKey.get(key);
    if (entry === undefined) {
      this.byKey.set(key, { finding: f, when: when.length === 0 ? [] : [[...when]], everywhere: when.length === 0 });
      return;
    }
    if (when.length === 0) entry.everywhere = true;
    else entry.when.push([...when]);
    const involved = dedupe([...entry.finding.involved, ...f.involved]);
    entry.finding = { ...entry.finding, involved };
  }

  /** The findings; one found in all `cases` is reported without its cases. */
  public list(cases: number): Finding[] {
    return [...this.byKey.values()].map(({ finding: f, when, everywhere }) => {
      if (everywhere || when.length === 0 || when.length >= cases) return f;
      const shown = when.slice(0, 3).map((w) => w.join(' and ')).join('; or ');
      const more = when.length > 3 ? `; and ${when.length - 3} more cases` : '';
      return { ...f, when: when.map((w) => w.join(' and ')), message: `${f.message.replace(/\.$/, '')} — when ${shown}${more}.` };
    });
  }
}
