/**
 * The shape of src/ (issue 11 What 3, and the brief's "pure cores"): no folder reaches into another folder's
 * `private/` (src/private is the one shared internal folder), the folders depend on each other without a cycle, and
 * the pure cores create no constructs (they may use aws-cdk-lib's token helpers, never `constructs` or an L1/L2
 * module).
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');
const PURE_CORES = ['cfn', 'config', 'gate', 'topology', 'uri'];

interface Import {
  readonly file: string;
  readonly specifier: string;
  /** The src folder the importing file is in, e.g. `mesh`. */
  readonly fromFolder: string;
  /** The src-relative path the import resolves to (relative imports only). */
  readonly target?: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const rel = path.relative(SRC, file).split(path.sep);
  return [...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => ({
    file: path.relative(SRC, file),
    specifier: m[1],
    fromFolder: rel.length > 1 ? rel[0] : '',
    target: m[1].startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), m[1])) : undefined,
  }));
}

const IMPORTS = sourceFiles(SRC).flatMap(importsOf);

/** The folder an import lands in, when it leaves its own folder. */
function crossing(i: Import): string | undefined {
  if (i.target === undefined || i.fromFolder === '') return undefined;
  const folder = i.target.split(path.sep)[0];
  return folder !== i.fromFolder && folder !== '..' && fs.existsSync(path.join(SRC, folder)) && fs.statSync(path.join(SRC, folder)).isDirectory()
    ? folder : undefined;
}

function folderGraph(imports: readonly Import[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const i of imports) {
    const to = crossing(i);
    if (to === undefined) continue;
    graph.set(i.fromFolder, (graph.get(i.fromFolder) ?? new Set()).add(to));
  }
  return graph;
}

/** A cycle of folders, or undefined. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, trail: string[]): string[] | undefined => {
    if (state.get(node) === 'open') return [...trail.slice(trail.indexOf(node)), node];
    if (state.get(node) === 'done') return undefined;
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...trail, node]);
      if (cycle) return cycle;
    }
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the shape of src/', () => {
  test('the source files and their imports are read (the checks below cannot pass on nothing)', () => {
    expect(IMPORTS.length).toBeGreaterThan(300);
    expect(folderGraph(IMPORTS).get('mesh')).toContain('topology');
  });

  test('no folder imports another folder\'s private/ (src/private is shared)', () => {
    const reaching = IMPORTS.filter((i) => {
      const to = crossing(i);
      return to !== undefined && to !== 'private' && i.target!.split(path.sep).includes('private');
    });
    expect(reaching.map((i) => `${i.file} imports ${i.specifier}`)).toEqual([]);
  });

  test('the folders depend on each other without a cycle', () => {
    expect(findCycle(folderGraph(IMPORTS))).toBeUndefined();
  });

  test('the pure cores create no constructs: no `constructs`, no aws-cdk-lib service module', () => {
    const offending = IMPORTS.filter((i) => PURE_CORES.includes(i.fromFolder)
      && (i.specifier === 'constructs' || i.specifier.startsWith('aws-cdk-lib/')));
    expect(offending.map((i) => `${i.file} imports ${i.specifier}`)).toEqual([]);
  });

  test('the checks can fail: a cycle and a reach into private/ are found', () => {
    const fake: Import[] = [
      { file: 'a/x.ts', specifier: '../b/private/y', fromFolder: 'cli', target: path.join('drill', 'private', 'y') },
      { file: 'b/y.ts', specifier: '../a/x', fromFolder: 'drill', target: path.join('cli', 'x') },
    ];
    expect(findCycle(folderGraph(fake))).toEqual(['cli', 'drill', 'cli']);
    expect(crossing(fake[0])).toBe('drill');
  });
});
