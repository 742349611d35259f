import { Acknowledgement, acknowledgementOf, readAcknowledgements } from './acknowledgements';
import { CheckArgs, UsageError } from './args';
import { TemplateSyntaxError } from '../../cfn';
import {
  Finding, GateSummary, PACK, runGate, SourceError, sourcesFromPath, summaryLine, TemplateSource,
} from '../../gate';

/** A finding as `check` reports it: where it is, and its acknowledgement if any. */
export interface CheckedFinding extends Finding {
  /** The template file of the subject. */
  readonly file?: string;
  /** The reason it is acknowledged, when it is. */
  readonly acknowledged?: string;
}

/** What one `check` run found. */
export interface CheckReport {
  readonly findings: CheckedFinding[];
  readonly sources: TemplateSource[];
  /** Counts after acknowledgements. */
  readonly summary: GateSummary;
  /** The summary line. */
  readonly line: string;
  /** Whether the run fails (exit 1). */
  readonly failed: boolean;
  /** Whether warnings and infos fail too. */
  readonly failOnWarnings: boolean;
}

/** Loads the inputs, runs the gate, applies acknowledgements. Throws `UsageError` for bad input. */
export function runCheck(args: CheckArgs): CheckReport {
  const sources = args.inputs.flatMap(load);
  const acks = args.acknowledgements === undefined ? [] : readAcknowledgements(args.acknowledgements);
  const ownershipTagKeys = args.ownershipTagKeys.length > 0 ? args.ownershipTagKeys : undefined;
  const result = runGate(sources, { externalPeers: args.externalPeers, ownershipTagKeys });
  const bySource = new Map(sources.map((s) => [s.id, s]));
  const names = (f: Finding) => {
    const s = bySource.get(f.subject.template);
    return [f.subjectPath, `${s?.displayName ?? f.subject.template}/${f.subject.logicalId}`, `${s?.file ?? f.subject.template}/${f.subject.logicalId}`];
  };
  refuseAmbiguous(acks, result.findings, names);
  const findings: CheckedFinding[] = result.findings.map((f) => ({
    ...f,
    file: bySource.get(f.subject.template)?.file,
    acknowledged: f.final === true ? undefined : acknowledgementOf(f, acks, names)?.reason,
  }));
  const open = findings.filter((f) => f.acknowledged === undefined);
  const summary: GateSummary = {
    ...result.summary,
    errors: open.filter((f) => f.level === 'Error').length,
    warnings: open.filter((f) => f.level === 'Warning').length,
    infos: open.filter((f) => f.level === 'Info').length,
    acknowledged: findings.length - open.length,
  };
  const failed = summary.errors > 0 || (args.failOnWarnings && summary.warnings + summary.infos > 0);
  return { findings, sources, summary, line: summaryLine(summary), failed, failOnWarnings: args.failOnWarnings };
}

/**
 * One entry acknowledges one resource: an entry whose name fits the findings of several resources (two inputs with
 * the same file name, two assemblies with the same construct paths) is refused, naming the resources' file paths.
 */
function refuseAmbiguous(acks: Acknowledgement[], findings: Finding[], names: (f: Finding) => string[]): void {
  for (const a of acks) {
    const fits = findings.filter((f) => `${PACK}-${f.rule}` === a.rule && names(f).includes(a.resource));
    const subjects = [...new Map(fits.map((f) => [`${f.subject.template}\u0000${f.subject.logicalId}`, names(f)[2]])).values()];
    if (subjects.length > 1) {
      throw new UsageError(`--acknowledgements: the entry ${a.rule} names '${a.resource}', which fits ${subjects.length} resources (${subjects.join(', ')}); `
        + 'name one by its file path (<file>/<logical id>, as above)');
    }
  }
}

function load(input: string): TemplateSource[] {
  try {
    return sourcesFromPath(input);
  } catch (e) {
    if (e instanceof SourceError || e instanceof TemplateSyntaxError) throw new UsageError(e.message);
    throw e;
  }
}
