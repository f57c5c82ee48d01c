#!/usr/bin/env node
// The core entry must run in browsers and edge runtimes: bundles it with esbuild for
// `platform: 'browser'` and fails on
//   - any import of a Node built-in (`node:*` or a bare `fs`, `http`, `stream`, `buffer`, …),
//     naming the import chain from the entry to it;
//   - any unguarded reference to Node globals (`process`, `Buffer`, `global`, `__dirname`,
//     `__filename`, `setImmediate`, `clearImmediate`, and `globalThis.process` /
//     `globalThis.Buffer` used without `?.`).
// Then prints the bundle size minified and minified+gzipped: the whole entry, and a typical
// import (`{ Tasks, Configuration }`) after tree shaking.
//
//   node scripts/check-browser-bundle.mjs [--entry <file>] [--dist] [--verbose]
//     --entry <file>  the entry to check (default src/index.ts)
//     --dist          check the built dist/esm/src/index.js (run `npm run build` first)
//     --verbose       list every Node-global reference found, guarded ones included
//
// How globals are found: esbuild does the scope analysis. Each global name is `define`d to a
// unique marker, which esbuild substitutes only where the name is free (not declared in any
// enclosing scope, and not a property name). The marked bundle is parsed with TypeScript; a
// marker counts as guarded when it sits in a branch that a `typeof <name>` test of an enclosing
// `?:`, `if`, `&&` or `||` makes safe, after an `if (typeof <name> === 'undefined') return/throw`
// in an enclosing block, inside a `try` block, or (for `globalThis.x`) when accessed with `?.`;
// `typeof <name>` itself is not a use. Guards the walk cannot see (a test stored in a variable,
// a check in the caller) are reported as unguarded: rewrite them in one of the forms above.
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let entry = 'src/index.ts';
let verbose = false;
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--entry' && args[i + 1]) entry = args[++i];
  else if (args[i] === '--dist') entry = 'dist/esm/src/index.js';
  else if (args[i] === '--verbose') verbose = true;
  else {
    console.error(`unknown option ${args[i]}\nusage: node scripts/check-browser-bundle.mjs [--entry <file>] [--dist] [--verbose]`);
    process.exit(2);
  }
}

const { build } = await import('esbuild');
const ts = (await import('typescript')).default;

const failures = [];
function report(name, ok, details = [], summary = '') {
  if (!ok) failures.push(name);
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${summary ? ` — ${summary}` : ''}`);
  for (const line of details) console.log(`     ${line}`);
}

const entryPath = resolve(ROOT, entry);
if (!existsSync(entryPath)) {
  report(`entry ${entry} exists`, false, [entry.startsWith('dist/') ? 'run `npm run build` first' : 'no such file']);
  process.exit(1);
}
const entryRel = relative(ROOT, entryPath).split('\\').join('/');

// ---------------------------------------------------------------------------------------------
// 1. Node built-ins, with the chain of imports that reaches each.

const NODE_ENV_MARK = '__NODE_ENV_REPLACED_BY_BUNDLERS__';
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
const isBuiltin = (path) => path.startsWith('node:') || BUILTINS.has(path) || BUILTINS.has(path.split('/')[0]);

/** Marks every Node built-in external (so the build completes) and records who imports it. */
const builtinsPlugin = (found) => ({
  name: 'node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (a) => {
      if (a.kind === 'entry-point' || a.path.startsWith('.') || a.path.startsWith('/')) return undefined;
      if (!isBuiltin(a.path)) return undefined;
      found.push({ path: a.path, importer: relative(ROOT, a.importer).split('\\').join('/'), kind: a.kind });
      return { path: a.path, external: true };
    });
  },
});

/** The shortest import chain from the entry to `target` in an esbuild metafile. */
function chainTo(metafile, from, target) {
  const parent = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === target) break;
    for (const imp of metafile.inputs[file]?.imports ?? []) {
      if (imp.external || parent.has(imp.path)) continue;
      parent.set(imp.path, file);
      queue.push(imp.path);
    }
  }
  if (!parent.has(target)) return [target];
  const chain = [];
  for (let at = target; at !== null; at = parent.get(at)) chain.unshift(at);
  return chain;
}

const builtins = [];
const base = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'silent',
};
let analysis;
try {
  analysis = await build({
    ...base,
    entryPoints: [entryRel],
    outfile: 'bundle.js',
    plugins: [builtinsPlugin(builtins)],
    define: Object.fromEntries(MARKED().map(([name, marker]) => [name, marker])),
  });
} catch (error) {
  report(`esbuild bundles ${entryRel} for the browser`, false, (error.errors ?? [{ text: error.message }]).map(formatEsbuildMessage));
  process.exit(1);
}
report(`esbuild bundles ${entryRel} for the browser`, true, analysis.warnings.map(formatEsbuildMessage), `${Object.keys(analysis.metafile.inputs).length} modules`);

const seen = new Set();
const builtinLines = [];
for (const { path, importer, kind } of builtins) {
  const key = `${importer} ${path}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const chain = chainTo(analysis.metafile, entryRel, importer);
  builtinLines.push(`${path} (${kind}) via ${[...chain, path].join(' → ')}`);
}
report('no Node built-in imported', builtinLines.length === 0, builtinLines);

// ---------------------------------------------------------------------------------------------
// 2. Node globals, guarded or not.

/** [name as written, marker]: the names esbuild substitutes where they are free. */
function MARKED() {
  return [
    ['process', '__NODE_GLOBAL_process__'],
    ['Buffer', '__NODE_GLOBAL_Buffer__'],
    ['global', '__NODE_GLOBAL_global__'],
    ['__dirname', '__NODE_GLOBAL___dirname__'],
    ['__filename', '__NODE_GLOBAL___filename__'],
    ['setImmediate', '__NODE_GLOBAL_setImmediate__'],
    ['clearImmediate', '__NODE_GLOBAL_clearImmediate__'],
    ['globalThis.process', '__NODE_PROP_process__'],
    ['globalThis.Buffer', '__NODE_PROP_Buffer__'],
    // Bundlers replace this one; it is counted, not failed.
    ['process.env.NODE_ENV', JSON.stringify(NODE_ENV_MARK)],
  ];
}

function formatEsbuildMessage(m) {
  return m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text;
}

const code = analysis.outputFiles.find((f) => f.path.endsWith('.js')).text;
const source = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
const markerName = (marker) => /^__NODE_(?:GLOBAL|PROP)_(.+)__$/.exec(marker)?.[1];

/** The marker a `typeof X` test is about, or undefined. */
function typeofSubject(node) {
  if (ts.isTypeOfExpression(node)) {
    const e = node.expression;
    if (ts.isIdentifier(e) && e.text.startsWith('__NODE_')) return markerName(e.text);
    if (ts.isPropertyAccessExpression(e) && e.getText().includes('__NODE_')) return markerName(/__NODE_\w+__/.exec(e.getText())[0]);
  }
  return undefined;
}

/**
 * What a condition proves about `name` when it is true: 'defined', 'undefined', or undefined
 * (nothing). Understands `typeof X !== "undefined"`, `typeof X === "object"`, `!`, `&&`, `||`.
 */
function proves(cond, name) {
  while (ts.isParenthesizedExpression(cond)) cond = cond.expression;
  if (ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = proves(cond.operand, name);
    return inner === 'defined' ? 'undefined' : inner === 'undefined' ? 'defined' : undefined;
  }
  if (ts.isBinaryExpression(cond)) {
    const op = cond.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      // true ⇒ both true
      const l = proves(cond.left, name);
      const r = proves(cond.right, name);
      return l ?? r;
    }
    if (op === ts.SyntaxKind.BarBarToken) {
      const l = proves(cond.left, name);
      const r = proves(cond.right, name);
      return l === r ? l : undefined;
    }
    const equality = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken];
    const inequality = [ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken];
    if (!equality.includes(op) && !inequality.includes(op)) return undefined;
    const [t, lit] = typeofSubject(cond.left) ? [cond.left, cond.right] : [cond.right, cond.left];
    if (typeofSubject(t) !== name || !ts.isStringLiteralLike(lit)) return undefined;
    const saysUndefined = lit.text === 'undefined';
    const equal = equality.includes(op);
    if (saysUndefined) return equal ? 'undefined' : 'defined';
    return equal ? 'defined' : undefined;
  }
  return undefined;
}

/** Whether a statement always leaves the block (return or throw). */
function exits(statement) {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length > 0 && exits(statement.statements.at(-1));
}

/** Whether the reference at `node` can only run when `name` exists (or cannot throw if not). */
function guarded(node, name, isProperty) {
  // globalThis.process never throws; only a member access on it does.
  if (isProperty) {
    const parent = node.parent;
    if (!(ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) || parent.expression !== node) return true;
    if (parent.questionDotToken) return true;
  }
  let child = node;
  for (let at = node.parent; at; child = at, at = at.parent) {
    if (ts.isTypeOfExpression(at)) return true;
    if (ts.isConditionalExpression(at)) {
      if (child === at.whenTrue && proves(at.condition, name) === 'defined') return true;
      if (child === at.whenFalse && proves(at.condition, name) === 'undefined') return true;
    }
    if (ts.isIfStatement(at)) {
      if (child === at.thenStatement && proves(at.expression, name) === 'defined') return true;
      if (child === at.elseStatement && proves(at.expression, name) === 'undefined') return true;
    }
    if (ts.isBinaryExpression(at) && child === at.right) {
      if (at.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && proves(at.left, name) === 'defined') return true;
      if (at.operatorToken.kind === ts.SyntaxKind.BarBarToken && proves(at.left, name) === 'undefined') return true;
    }
    if (ts.isTryStatement(at) && child === at.tryBlock) return true;
    // `if (typeof X === 'undefined') return …;` earlier in the same block.
    if ((ts.isBlock(at) || ts.isSourceFile(at)) && ts.isStatement(child)) {
      for (const earlier of at.statements.slice(0, at.statements.indexOf(child))) {
        if (ts.isIfStatement(earlier) && !earlier.elseStatement && exits(earlier.thenStatement) && proves(earlier.expression, name) === 'undefined') return true;
      }
    }
  }
  return false;
}

/** The bundled module a line of the (unminified) bundle came from, from esbuild's `// path` comments. */
function moduleAt(pos) {
  const before = code.slice(0, pos);
  const all = [...before.matchAll(/^\/\/ (\S+\.(?:[cm]?[jt]s))$/gm)];
  return all.at(-1)?.[1] ?? '?';
}

const refs = [];
let nodeEnvRefs = 0;
(function visit(node) {
  if (ts.isStringLiteralLike(node) && node.text === NODE_ENV_MARK) nodeEnvRefs += 1;
  // `typeof X` never throws: a test, not a use.
  const isTypeofOperand = (n) => ts.isTypeOfExpression(n.parent) || (ts.isPropertyAccessExpression(n.parent) && ts.isTypeOfExpression(n.parent.parent));
  if (ts.isIdentifier(node) && node.text.startsWith('__NODE_') && !isTypeofOperand(node)) {
    {
      const name = markerName(node.text);
      const isProperty = node.text.startsWith('__NODE_PROP_');
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      const statement = code.split('\n')[line].trim().replaceAll(node.text, isProperty ? `globalThis.${name}` : name);
      refs.push({ name: isProperty ? `globalThis.${name}` : name, ok: guarded(node, name, isProperty), where: moduleAt(node.getStart()), statement });
    }
  }
  ts.forEachChild(node, visit);
})(source);

const unguarded = refs.filter((r) => !r.ok);
const describe = (r) => `${r.ok ? 'guarded  ' : 'UNGUARDED'} ${r.name} in ${r.where}: ${r.statement.length > 140 ? `${r.statement.slice(0, 137)}…` : r.statement}`;
report(
  'no unguarded Node global (process, Buffer, global, __dirname, setImmediate, …)',
  unguarded.length === 0,
  (verbose ? refs : unguarded).map(describe),
  `${refs.length} reference(s), ${refs.length - unguarded.length} guarded`,
);
if (!verbose) for (const r of refs.filter((x) => x.ok)) console.log(`INFO ${describe(r)}`);
if (nodeEnvRefs) console.log(`INFO ${nodeEnvRefs} process.env.NODE_ENV reference(s): bundlers replace these`);

// ---------------------------------------------------------------------------------------------
// 3. Size: minified, minified+gzipped (level 9), for the whole entry and for a typical import.

async function size(label, options) {
  const result = await build({ ...base, metafile: false, minify: true, outfile: 'bundle.min.js', plugins: [builtinsPlugin([])], ...options });
  const bytes = result.outputFiles.find((f) => f.path.endsWith('.js')).contents;
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`INFO size ${label}: ${(bytes.length / 1024).toFixed(1)} kB minified, ${(gz / 1024).toFixed(1)} kB minified+gzipped`);
}
await size(`of ${entryRel} (every export)`, { entryPoints: [entryRel] });
if (/(^|\/)src\/index\.[jt]s$/.test(entryRel)) {
  await size('of `import { Tasks, Configuration }` (tree-shaken)', {
    stdin: { contents: `export { Tasks, Configuration } from './${entryRel}';`, resolveDir: ROOT, sourcefile: 'typical-import.js' },
  });
}

console.log(failures.length ? `\ncheck-browser-bundle: FAILED (${failures.join('; ')})` : '\ncheck-browser-bundle: OK');
process.exitCode = failures.length ? 1 : 0;
