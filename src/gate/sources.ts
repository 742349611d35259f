import * as fs from 'fs';
import * as path from 'path';
import { parseTemplate } from '../cfn';
import { TemplateSource } from './model';

/** A file or directory that cannot be judged: what is wrong and where. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

interface ManifestArtifact {
  readonly type?: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly directoryName?: string };
}

/**
 * The templates of a cloud assembly directory (`cdk.out`), nested stage assemblies included, each with its stack's
 * display name and environment. Throws `SourceError` when the directory has no readable `manifest.json`.
 */
export function sourcesFromAssembly(dir: string): TemplateSource[] {
  const manifest = readManifest(dir);
  const out: TemplateSource[] = [];
  for (const [id, a] of Object.entries(manifest)) {
    if (a.type === 'aws:cloudformation:stack' && a.properties?.templateFile !== undefined) {
      out.push(stackSource(dir, id, a));
    } else if (a.type === 'cdk:cloud-assembly' && a.properties?.directoryName !== undefined) {
      out.push(...sourcesFromAssembly(path.join(dir, a.properties.directoryName)));
    }
  }
  return out;
}

/**
 * The templates of a CDK policy validation run (`IPolicyValidationContext.templatePaths`): each path is a stack
 * template in some cloud assembly directory, whose manifest gives the stack's name and environment.
 */
export function sourcesFromTemplatePaths(paths: readonly string[]): TemplateSource[] {
  const manifests = new Map<string, { [id: string]: ManifestArtifact } | undefined>();
  return paths.map((p) => {
    const dir = path.dirname(p);
    if (!manifests.has(dir)) {
      manifests.set(dir, fs.existsSync(path.join(dir, 'manifest.json')) ? readManifest(dir) : undefined);
    }
    const manifest = manifests.get(dir);
    const entry = manifest === undefined ? undefined
      : Object.entries(manifest).find(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile === path.basename(p));
    return entry === undefined ? templateFileSource(p) : stackSource(dir, entry[0], entry[1]);
  });
}

/**
 * The templates of a path: a cloud assembly directory (`cdk.out`) or one template file. Throws `SourceError` naming
 * the path and the fix when it is neither (a `TemplateSyntaxError` for a template that does not parse).
 */
export function sourcesFromPath(input: string): TemplateSource[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new SourceError(`${input}: no such file or directory; give a cloud assembly directory (cdk.out) or a template file`);
  }
  return stat.isDirectory() ? sourcesFromAssembly(input) : [templateFileSource(input)];
}

/** One template file (JSON or YAML), named by its path. */
export function templateFileSource(file: string): TemplateSource {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new SourceError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const body = parseTemplate(text, file);
  if (body.Resources === undefined || body.Resources === null || typeof body.Resources !== 'object') {
    throw new SourceError(`${file}: not a CloudFormation template (it has no Resources section)`);
  }
  return { id: file, displayName: path.basename(file), file, body, readAsset: assetReader(path.dirname(file)) };
}

function stackSource(dir: string, id: string, a: ManifestArtifact): TemplateSource {
  const file = path.join(dir, a.properties!.templateFile!);
  const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(a.environment ?? '');
  const account = env !== null && env[1] !== 'unknown-account' ? env[1] : undefined;
  const region = env !== null && env[2] !== 'unknown-region' ? env[2] : undefined;
  const body = parseTemplate(fs.readFileSync(file, 'utf8'), file);
  return { id, displayName: a.displayName ?? id, file, body, account, region, readAsset: assetReader(dir), readAssetByHash: hashReader(dir) };
}

/** Finds a file asset by hash in the asset manifests (`*.assets.json`) of an assembly directory. */
function hashReader(dir: string): TemplateSource['readAssetByHash'] {
  const read = assetReader(dir)!;
  return (hash: string) => {
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.assets.json'))) {
      try {
        const m = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
        const source = m.files?.[hash]?.source?.path;
        if (typeof source === 'string') return read(source);
      } catch {
        // an unreadable manifest names no asset
      }
    }
    return undefined;
  };
}

function assetReader(dir: string): TemplateSource['readAsset'] {
  return (assetPath: string) => {
    const file = path.resolve(dir, assetPath);
    if (!file.startsWith(path.resolve(dir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return undefined;
    return { file, body: parseTemplate(fs.readFileSync(file, 'utf8'), file) };
  };
}

function readManifest(dir: string): { [id: string]: ManifestArtifact } {
  const file = path.join(dir, 'manifest.json');
  let m: { artifacts?: { [id: string]: ManifestArtifact } };
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SourceError(`${dir}: not a cloud assembly (${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return m.artifacts ?? {};
}
