// Data files an exercise reads (names.txt): downloaded from their public source on scaffold. When
// that fails (offline, a proxy) the learner is told which tests wait for the file and is offered
// to retry or to pick a copy they already have.
import * as vscode from 'vscode';
import { openExternalLink } from '../util/links';
import type { Study } from '../study';
import { adoptLocalData, downloadData } from './scaffold';
import type { DataFile } from './spec';

export async function fetchMissingData(study: Study, files: DataFile[], dir: string): Promise<string[]> {
  const got: string[] = [];
  for (const d of files) {
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `LLM Study: downloading ${d.file} from ${new URL(d.source!).host}…` },
        () => downloadData(d, dir, fetch),
      );
      study.log.info(`downloaded ${d.file} into ${dir}`);
      got.push(d.file);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      study.log.warn(`download of ${d.file} failed: ${why}`);
      if (await offerManual(study, d, dir, why)) got.push(d.file);
    }
  }
  return got;
}

async function offerManual(study: Study, d: DataFile, dir: string, why: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `LLM Study could not download ${d.file} (${why}). The tests that read it are skipped until it is in ${dir}.`,
    'Retry',
    'Choose Local File…',
    'Open Download Link',
  );
  if (choice === 'Retry') return (await fetchMissingData(study, [d], dir)).length > 0;
  if (choice === 'Open Download Link' && d.source) {
    await openExternalLink(d.source);
    return false;
  }
  if (choice !== 'Choose Local File…') return false;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: `Use as ${d.file}`, title: d.description });
  if (!picked?.[0]) return false;
  try {
    adoptLocalData(d, picked[0].fsPath, dir);
    void vscode.window.showInformationMessage(`LLM Study: copied ${d.file} into the exercise.`);
    return true;
  } catch (e) {
    void vscode.window.showErrorMessage(`LLM Study: ${e instanceof Error ? e.message : e}`);
    return false;
  }
}
