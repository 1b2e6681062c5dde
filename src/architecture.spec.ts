import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';

// The layering docs/ARCHITECTURE.md draws, checked on the source: which top-level folder of src/
// imports which. A folder may import folders below it; an import upwards, or a loop, is a design
// change that belongs in review, not a side effect of a convenient import.

/** Lowest first. A folder may import any folder earlier in this list. */
const LAYERS: readonly string[][] = [
  ['config'],
  ['database', 'common'],
  ['jobs'],
  ['access'],
  ['audit', 'rate-limit', 'health', 'outbox'],
  ['maintenance'],
  ['reference'],
  ['workers'],
  ['organizing'],
  ['care', 'governance', 'roster', 'auth'],
  ['open311'],
  ['dashboard', 'events'],
  ['demo'],
];

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [join(dir, entry.name)] : [],
  );

/** Every import between two top-level folders of src/: `from → to` with the importing files. */
function folderImports(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of files('src')) {
    const parts = file.split(sep);
    if (parts.length < 3) continue; // src/main.ts, src/app.module.ts: the composition root imports everything
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = normalize(join(dirname(file), specifier)).split(sep);
      if (target[0] !== 'src' || target.length < 3 || target[1] === parts[1]) continue;
      const key = `${parts[1]} → ${target[1]}`;
      edges.set(key, [...(edges.get(key) ?? []), file]);
    }
  }
  return edges;
}

const layerOf = (folder: string) => LAYERS.findIndex((layer) => layer.includes(folder));

describe('the layering of src/', () => {
  const edges = folderImports();

  it('places every top-level folder in a layer', () => {
    const folders = readdirSync('src', { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((folder) => layerOf(folder) < 0)).toEqual([]);
  });

  it('has no import that runs from a lower layer to a higher one (so no loop between folders)', () => {
    const upwards = [...edges]
      .filter(([key]) => {
        const [from, to] = key.split(' → ');
        return layerOf(from) <= layerOf(to) && from !== to;
      })
      .map(([key, importers]) => `${key} (${[...new Set(importers)].join(', ')})`);
    expect(upwards).toEqual([]);
  });

  it('keeps the access kernel free of every feature: it imports only common', () => {
    const fromAccess = [...edges.keys()].filter((key) => key.startsWith('access → ')).map((key) => key.split(' → ')[1]);
    expect(fromAccess.filter((to) => to !== 'common')).toEqual([]);
  });
});
