// Wires the exercises feature: start / reset / run / hints / compare / Show My Model, the Testing
// view and the CodeLens. The work itself lives in the files beside this one.
import * as vscode from 'vscode';
import path from 'node:path';
import type { CommandTable, Feature } from '../commands';
import type { Study } from '../study';
import { ExerciseCodeLens } from './codeLens';
import { inCourseOrder } from './courseOrder';
import { configuredRoot, ensureRoot, exerciseIdOf, pickStarted, readySpecs, reportRootProblem, resetWithEditors, settings, sourceFor, specFor, startedExercises } from './folders';
import { compareWithSolution, showNextHint, SOLUTION_SCHEME, SolutionProvider } from './hints';
import { READ_ONLY_SCHEME, readOnlyDocs } from './readOnlyDocs';
import { Interpreter, problemMessage } from './interpreter';
import { learnerBpe } from './learnerBpe';
import { fetchMissingData } from './data';
import { ensureNoInlineCompletions, RootError, scaffoldExercise, type ScaffoldResult } from './scaffold';
import { showMyModel } from './showMyModel';
import type { ExerciseSpec } from './spec';
import { ExerciseTests, type RunOutcome } from './testController';
import { OPEN_WORKSPACE, openExerciseWorkspace, showsExercises } from './workspace';

export interface StartOutcome extends ScaffoldResult {
  id: string;
  ms: number;
}

export function registerExercises(study: Study): Feature {
  const { context } = study;
  const output = vscode.window.createOutputChannel('LLM Study Exercises');
  const python = new Interpreter(study.log);
  const tests = new ExerciseTests(study, python, output);
  const lens = new ExerciseCodeLens(study, (id) => tests.onSave.isOn(id));
  context.subscriptions.push(
    output, python, tests, lens,
    vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lens),
    vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, new SolutionProvider(study)),
    readOnlyDocs, vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, readOnlyDocs),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('llmStudy.exercises.root') && lens.refresh()),
    tests.onSave.onDidChange(() => lens.refresh()),
  );

  // The tokenizer view's "Your BPE" row. bpe.py needs no numpy, so any Python 3 will do ('json').
  study.ports.exercises = {
    learnerBpe: (text) => {
      const dir = startedExercises(study).find((e) => e.spec.id === 'bpe')?.dir;
      return learnerBpe({
        dir,
        trusted: vscode.workspace.isTrusted,
        python: async () => {
          const p = await python.find(['json'], dir ? vscode.Uri.file(dir) : undefined);
          return p.ok ? { path: p.path } : { why: problemMessage(p).replace(/^LLM Study: /, '') };
        },
        timeoutSeconds: settings().timeoutSeconds,
        driver: path.join(study.extensionUri.fsPath, 'media', 'exercises', 'bpe_tokens.py'),
        trainFile: path.join(study.curriculumRoot, 'lessons', 'byte-pair-encoding.md'),
      }, text);
    },
    testState: (id) => tests.testState(id),
    // The training view's "Train with my code" runs the learner's train-loop solution from there.
    learnerFolder: (id) => startedExercises(study).find((e) => e.spec.id === id)?.dir,
    onDidChangeTestState: tests.onDidChangeState,
  };

  const pickExercise = async (): Promise<ExerciseSpec | undefined> => {
    const started = new Set(startedExercises(study).map((e) => e.spec.id));
    const pick = await vscode.window.showQuickPick(
      inCourseOrder(study.curriculum.course, readySpecs(study)).map((spec) => ({
        label: spec.title,
        description: [spec.id, study.progress.isDone(spec.id) ? 'done' : started.has(spec.id) ? 'started' : ''].filter(Boolean).join(' · '),
        detail: spec.summary,
        spec,
      })),
      { title: 'LLM Study: Start Exercise', placeHolder: 'Which exercise? (a started one opens with your work kept)', matchOnDescription: true },
    );
    return pick?.spec;
  };

  const start = async (idArg?: unknown): Promise<StartOutcome | undefined> => {
    const id = exerciseIdOf(idArg);
    const spec = id ? specFor(study, id) : await pickExercise();
    if (spec === undefined) return undefined;
    if (typeof spec === 'string') return void vscode.window.showWarningMessage(`LLM Study: ${spec}.`);
    const root = await ensureRoot(study);
    if (!root) return undefined;
    const t0 = performance.now();
    const dir = path.join(root, spec.id);
    let result: ScaffoldResult;
    try {
      result = scaffoldExercise(sourceFor(study, spec), dir);
    } catch (e) {
      return void failed(e, `could not write the exercise to ${dir}`);
    }
    for (const w of result.warnings) {
      study.log.warn(`exercise ${spec.id}: ${w}`);
      void vscode.window.showWarningMessage(`LLM Study: ${w}`);
    }
    if (settings().disableInlineCompletions) keepInlineCompletionsOff(root);
    const ms = performance.now() - t0;
    study.log.info(`exercise ${spec.id}: ${result.created ? 'scaffolded' : 'opened'} in ${ms.toFixed(1)} ms (wrote ${result.written.join(', ') || 'nothing'}; kept ${result.kept.join(', ') || 'nothing'})`);
    tests.refresh();
    lens.refresh();
    await study.progress.setLastOpened(spec.id);
    await openExercise(spec, dir);
    if (result.missing.length) {
      void vscode.window.showWarningMessage(`LLM Study: ${result.missing.map((d) => d.file).join(', ')} could not be found in this install; the tests that need ${result.missing.length === 1 ? 'it' : 'them'} will be skipped.`);
    }
    if (result.toDownload.length) void fetchMissingData(study, result.toDownload, dir);
    // Loose files in this window have no Explorer folder, terminal or interpreter of their own:
    // the workspace gives them one (offered until this window shows the exercises root).
    const offer = result.created && !showsExercises(root) ? [OPEN_WORKSPACE] : [];
    void vscode.window.showInformationMessage(result.created
      ? `Started "${spec.title}" in ${dir}. Fill in ${spec.stub}, then run the tests (Run tests above the first function, or the Testing view).`
      : `Opened your "${spec.title}" (${dir}); your files were kept as they are.`, ...offer).then((c) => {
      if (c === OPEN_WORKSPACE) void vscode.commands.executeCommand('llmStudy.openExerciseWorkspace');
    });
    return { ...result, id: spec.id, ms };
  };

  /** A failure the learner can act on is said as such (read-only folder); anything else with its cause. Both are logged. */
  const failed = (e: unknown, what: string) => {
    if (e instanceof RootError) return reportRootProblem(study, e);
    const text = `LLM Study ${what}: ${e instanceof Error ? e.message : e}`;
    study.log.error(text);
    void vscode.window.showErrorMessage(text);
  };

  // Not the learner's work and not needed to open it: a folder that cannot take the settings file still opens.
  const keepInlineCompletionsOff = (root: string) => {
    try {
      const r = ensureNoInlineCompletions(root);
      if (r === 'unreadable') study.log.warn(`left ${root}/.vscode/settings.json alone: it is not plain JSON`);
    } catch (e) {
      study.log.warn(`could not turn inline completions off in ${root}/.vscode/settings.json: ${e instanceof Error ? e.message : e}`);
    }
  };

  const openExercise = async (spec: ExerciseSpec, dir: string) => {
    const stub = vscode.Uri.file(path.join(dir, spec.stub));
    await vscode.window.showTextDocument(stub, { viewColumn: vscode.ViewColumn.One, preview: false });
    if (spec.readme) {
      const readme = vscode.Uri.file(path.join(dir, spec.readme));
      // The preview beside, without taking focus: the learner's next keystroke belongs in the stub.
      const beside = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false };
      await vscode.commands.executeCommand('vscode.openWith', readme, 'vscode.markdown.preview.editor', beside).then(undefined, () =>
        vscode.window.showTextDocument(readme, beside));
    }
  };

  const runTests = async (idArg?: unknown): Promise<RunOutcome | undefined> => {
    const ex = await pickStarted(study, idArg, 'LLM Study: Run Exercise Tests');
    if (!ex) return undefined;
    const outcome = await tests.runExercise(ex.spec.id);
    if (!outcome || outcome.blocked) return outcome;
    const { spec } = ex;
    if (outcome.allPassed) {
      void vscode.window.showInformationMessage(`All ${outcome.passed} tests of "${spec.title}" pass. Exercise done!`);
    } else {
      const head = outcome.timedOut ? `"${spec.title}" timed out` : `"${spec.title}": ${outcome.passed} passed, ${outcome.failed} failed`;
      void vscode.window.showWarningMessage(`${head}. ${outcome.firstFailure ?? ''}`.trim(), 'Show Test Results', 'Show Next Hint').then((c) => {
        if (c === 'Show Test Results') showTestResults();
        if (c === 'Show Next Hint') void vscode.commands.executeCommand('llmStudy.showNextHint', spec.id);
      });
    }
    return outcome;
  };

  // The Test Results view with the last run: its failures and their messages, in one click. The
  // Testing view alone showed the exercise collapsed and no message. Without a run to show the
  // command only opens the view; should it fail, the log of the run says the same in words.
  const showTestResults = () => {
    vscode.commands.executeCommand('testing.showMostRecentOutput').then(undefined, (e: unknown) => {
      study.log.warn(`Show Test Results: ${e instanceof Error ? e.message : String(e)}; showing the exercises' output instead`);
      output.show(true);
    });
  };

  const reset = async (idArg?: unknown) => {
    const ex = await pickStarted(study, idArg, 'LLM Study: Reset Exercise');
    if (!ex) return undefined;
    const root = configuredRoot()!;
    const ok = await vscode.window.showWarningMessage(
      `Reset "${ex.spec.title}" to its starting files?`,
      { modal: true, detail: `Your current files, and any text not saved yet in an editor, are copied first to ${path.join(root, '.llm-study-backups')}.` },
      'Back Up and Reset',
    );
    if (ok !== 'Back Up and Reset') return undefined;
    let backup: string | undefined;
    try {
      backup = await resetWithEditors(study, ex.spec, root);
    } catch (e) {
      return void failed(e, `could not reset "${ex.spec.title}"`);
    }
    tests.forget(ex.spec.id);
    tests.refresh();
    await openExercise(ex.spec, ex.dir);
    void vscode.window.showInformationMessage(`"${ex.spec.title}" is back to its starting files. Your previous files are in ${backup}.`);
    return backup;
  };

  const resetAll = async () => {
    const started = startedExercises(study);
    const root = configuredRoot();
    if (!root || !started.length) return void vscode.window.showInformationMessage('LLM Study: no exercise started yet, nothing to reset.');
    const ok = await vscode.window.showWarningMessage(
      `Reset all ${started.length} started exercise${started.length === 1 ? '' : 's'} to their starting files?`,
      { modal: true, detail: `Each exercise's current files are copied first to ${path.join(root, '.llm-study-backups')}. Your progress ticks are kept.` },
      'Back Up and Reset All',
    );
    if (ok !== 'Back Up and Reset All') return undefined;
    const backups: (string | undefined)[] = [];
    try {
      for (const e of started) {
        backups.push(await resetWithEditors(study, e.spec, root));
        tests.forget(e.spec.id);
      }
    } catch (e) {
      tests.refresh();
      return void failed(e, `reset ${backups.length} of ${started.length} exercises, then failed`);
    }
    tests.refresh();
    void vscode.window.showInformationMessage(`Reset ${started.length} exercise${started.length === 1 ? '' : 's'}; backups are in ${path.join(root, '.llm-study-backups')}.`);
    return backups;
  };

  const toggleRunOnSave = async (idArg?: unknown): Promise<boolean | undefined> => {
    const ex = await pickStarted(study, idArg, 'LLM Study: Run Exercise Tests on Save');
    if (!ex) return undefined;
    const on = tests.onSave.toggle(ex.spec.id);
    void vscode.window.setStatusBarMessage(on
      ? `$(eye) LLM Study: "${ex.spec.title}" runs its tests each time you save`
      : `$(eye-closed) LLM Study: "${ex.spec.title}" no longer runs its tests on save`, 4000);
    return on;
  };

  const commands: CommandTable = {
    'llmStudy.startExercise': start,
    'llmStudy.runExerciseTests': runTests,
    'llmStudy.toggleRunOnSave': toggleRunOnSave,
    'llmStudy.openExerciseWorkspace': (arg?: unknown) => openExerciseWorkspace(study, python, arg),
    'llmStudy.resetExercise': reset,
    'llmStudy.resetAllExercises': resetAll,
    'llmStudy.showNextHint': async (idArg?: unknown) => {
      const ex = await pickStarted(study, idArg, 'LLM Study: Show Next Hint');
      if (ex) await showNextHint(study, ex.spec, ex.dir);
    },
    'llmStudy.compareWithSolution': async (idArg?: unknown) => {
      const ex = await pickStarted(study, idArg, 'LLM Study: Compare with Solution');
      if (ex) return compareWithSolution(study, ex.spec, ex.dir);
    },
    'llmStudy.showMyModel': async (idArg?: unknown) => {
      const ex = await pickStarted(study, idArg, 'LLM Study: Show My Model');
      if (ex) return showMyModel(study, python, ex.spec, ex.dir);
    },
  };
  return { commands };
}
