// "Run tests" (and the next hint, and Show My Model where it applies) above the first function of
// an exercise's stub, so the learner never has to look for the command.
import * as vscode from 'vscode';
import path from 'node:path';
import type { Study } from '../study';
import { firstFunctionLine } from './discover';
import { exerciseOf } from './folders';

export class ExerciseCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly study: Study, private readonly runsOnSave: (id: string) => boolean) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const ex = exerciseOf(this.study, doc.uri);
    if (!ex || path.basename(doc.uri.fsPath) !== ex.spec.stub) return [];
    const line = firstFunctionLine(doc.getText());
    if (line === undefined) return [];
    const range = new vscode.Range(line, 0, line, 0);
    const id = ex.spec.id;
    const lenses = [
      new vscode.CodeLens(range, { title: '$(beaker) Run tests', command: 'llmStudy.runExerciseTests', arguments: [id], tooltip: 'Run this exercise\'s tests' }),
      this.runsOnSave(id)
        ? new vscode.CodeLens(range, { title: '$(eye) Running on save', command: 'llmStudy.toggleRunOnSave', arguments: [id], tooltip: 'Tests rerun each time you save. Click to stop.' })
        : new vscode.CodeLens(range, { title: '$(eye-closed) Run on save', command: 'llmStudy.toggleRunOnSave', arguments: [id], tooltip: 'Rerun this exercise\'s tests each time you save a file of it' }),
      new vscode.CodeLens(range, { title: '$(lightbulb) Next hint', command: 'llmStudy.showNextHint', arguments: [id] }),
    ];
    if (ex.spec.showMyModel) {
      lenses.push(new vscode.CodeLens(range, { title: '$(eye) Show my model', command: 'llmStudy.showMyModel', arguments: [id], tooltip: 'Run your code on the tiny GPT\'s weights and compare with the real model' }));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
