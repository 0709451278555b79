// Exports nobody imports, in src/ and webview/ (part of `npm run lint`). ESLint sees one file at a
// time, so it cannot tell that an `export` is read by no other file; left alone, such exports pile
// up as dead code that looks like API. This walks every identifier in src/, webview/, test/ and
// scripts/ with the TypeScript checker, follows imports (static, dynamic and re-exports) to the
// declaration they name, and reports each export of src/ or webview/ that no other file reaches.
// Tests count as users: a pure function exported for its unit test is not dead. `npm run lint`
// fails on exports nothing uses at all; `node --import tsx scripts/lintExports.ts --all` also
// lists those read only in their own file.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const repo = path.resolve(__dirname, '..');

/** Exports that only something outside the TypeScript graph uses, with why. */
export const ALLOWED: Readonly<Record<string, string>> = {
  'src/extension.ts#activate': 'VS Code calls it (package.json "main")',
  'src/extension.ts#deactivate': 'VS Code calls it (package.json "main")',
};

/** Folders whose exports are checked, and folders whose imports count as uses. */
const CHECKED = ['src', 'webview'];
const USERS = ['src', 'webview', 'test', 'scripts'];

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : tsFiles(p);
    return d.name.endsWith('.ts') ? [p] : [];
  });
}

export interface UnusedExport {
  /** Repo-relative path, `/`-separated. */
  file: string;
  name: string;
  line: number;
  /** Used in its own file: drop the `export`; otherwise the code itself is dead. */
  usedInFile: boolean;
}

/** The exports of `checked` folders under `root` that no other file under `users` folders refers to. */
export function unusedExports(root: string, checked = CHECKED, users = USERS): UnusedExport[] {
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const files = users.flatMap((u) => tsFiles(path.join(root, u)));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'], types: ['node', 'vscode'],
    esModuleInterop: true, resolveJsonModule: true, skipLibCheck: true, noEmit: true, strict: true,
  });
  const checker = program.getTypeChecker();
  // Declarations reached from another file, and those reached from their own.
  const fromOutside = new Set<ts.Declaration>();
  const fromInside = new Set<ts.Declaration>();
  const mark = (sym: ts.Symbol | undefined, at: ts.SourceFile) => {
    for (let s = sym, hops = 0; s && hops < 8; hops++) {
      for (const d of s.declarations ?? []) (d.getSourceFile() === at ? fromInside : fromOutside).add(d);
      if (!(s.flags & ts.SymbolFlags.Alias)) break;
      // An import or re-export: follow it one step at a time, so a barrel's own export counts too.
      const next = checker.getImmediateAliasedSymbol(s);
      if (next === s) break;
      s = next;
    }
  };
  const sources = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && files.includes(path.resolve(sf.fileName)));
  for (const sf of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && !isOwnName(node)) {
        const sym = checker.getSymbolAtLocation(node);
        mark(sym, sf);
        if (sym) mark(checker.getExportSymbolOfSymbol(sym), sf);
        // `const { a } = await import('./x')`: the name is a local; the property it reads is x's export.
        const b = node.parent;
        if (ts.isBindingElement(b) && ts.isObjectBindingPattern(b.parent) && (b.propertyName ?? b.name) === node) {
          mark(checker.getTypeAtLocation(b.parent).getProperty(node.text), sf);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const out: UnusedExport[] = [];
  for (const sf of sources) {
    const file = rel(path.resolve(sf.fileName));
    if (!checked.some((c) => file.startsWith(`${c}/`))) continue;
    const moduleSym = checker.getSymbolAtLocation(sf);
    if (!moduleSym) continue;
    for (const exp of checker.getExportsOfModule(moduleSym)) {
      if (exp.flags & ts.SymbolFlags.Alias) continue; // a re-export: the original is checked where it is declared
      const decls = (exp.declarations ?? []).filter((d) => d.getSourceFile() === sf);
      if (!decls.length || `${file}#${exp.name}` in ALLOWED) continue;
      const local = decls.flatMap((d) => [d, ...localSymbolDecls(checker, d)]);
      if (local.some((d) => fromOutside.has(d))) continue;
      const { line } = sf.getLineAndCharacterOfPosition(decls[0].getStart());
      out.push({ file, name: exp.name, line: line + 1, usedInFile: local.some((d) => fromInside.has(d)) });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** An `export const x` has an export symbol and a local one; uses in its file reach the local. */
function localSymbolDecls(checker: ts.TypeChecker, d: ts.Declaration): ts.Declaration[] {
  const name = ts.getNameOfDeclaration(d);
  const sym = name && checker.getSymbolAtLocation(name);
  return sym?.declarations ?? [];
}

/**
 * The name in `function f`, `const x =`: a declaration, not a use. Import and export specifiers
 * are declarations too, but of aliases: they are how another file uses an export, so they count.
 */
function isOwnName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isExportSpecifier(p) || ts.isNamespaceImport(p) || ts.isImportEqualsDeclaration(p)) return false;
  if (ts.isBindingElement(p) && p.propertyName === undefined && ts.isObjectBindingPattern(p.parent)) return false; // shorthand: also a property read
  // Only what a module can export matters: a member's or a parameter's name marks nothing exported.
  const named = ts.isFunctionDeclaration(p) || ts.isVariableDeclaration(p) || ts.isClassDeclaration(p) || ts.isInterfaceDeclaration(p)
    || ts.isTypeAliasDeclaration(p) || ts.isEnumDeclaration(p) || ts.isModuleDeclaration(p);
  return named && p.name === id;
}

if (require.main === module) {
  const t0 = Date.now();
  const found = unusedExports(repo);
  // Dead code fails the lint. An export read only in its own file (often a type in an exported
  // signature) is listed on request: dropping such an `export` is tidying, not a fix.
  const dead = found.filter((u) => !u.usedInFile);
  const exportOnly = found.filter((u) => u.usedInFile);
  for (const u of dead) console.log(`${u.file}:${u.line}: "${u.name}" is exported, and nothing uses it, here or elsewhere: delete it (or list it in ALLOWED in scripts/lintExports.ts, with why)`);
  if (process.argv.includes('--all')) for (const u of exportOnly) console.log(`${u.file}:${u.line}: "${u.name}" is used only in its own file: the export could go`);
  console.log(`lint:exports: ${dead.length} dead export(s); ${exportOnly.length} used only in their own file${process.argv.includes('--all') ? '' : ' (--all lists them)'} (${Date.now() - t0} ms)`);
  process.exit(dead.length ? 1 : 0);
}
