// activate() only wires features together; each feature lives in its own folder.
import * as vscode from 'vscode';
import { registerCommandTable, type CommandTable } from './commands';
import { registerCurriculum } from './curriculum/registration';
import { registerExercises } from './exercises/registration';
import { registerLessons } from './lesson/registration';
import { registerPlayground } from './playground/registration';
import { registerReview } from './review/registration';
import { registerTokenizer } from './tokenizer/registration';
import { registerTraining } from './training/registration';
import { coreCommands, createStudy, type Study } from './study';

/** Returned from activate() so the extension-host tests can reach the live state. */
export interface LlmStudyApi {
  study: Study;
  commands: string[];
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): LlmStudyApi {
  const t0 = performance.now();
  const study = createStudy(context);
  // Exercises before the course tree, which listens to the exercises port for each exercise's test state.
  const features: CommandTable[] = [coreCommands(study), registerExercises(study), registerCurriculum(study), registerPlayground(study), registerLessons(study), registerTokenizer(study), registerTraining(study), registerReview(study)];
  const commands = registerCommandTable(context, ...features);
  const activationMs = performance.now() - t0;
  study.log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return { study, commands, activationMs };
}

export function deactivate(): void {}
