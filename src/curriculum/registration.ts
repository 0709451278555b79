// Wires the Study sidebar: tree view, checkboxes, status bar, filters and progress commands.
import * as vscode from 'vscode';
import type { CommandTable } from '../commands';
import type { Study } from '../study';
import type { Difficulty } from '../shared/curriculum/model';
import { CurriculumTree, KIND_LABEL } from './tree';
import { count, courseItems, isFiltered, nextUnfinished, NO_FILTERS, type Filters, type ItemKind, type Node } from '../shared/curriculum/treeModel';
import { DetailsPanel } from './detailsPanel';
import { openExternalLink } from '../util/links';
import { FiltersStore } from '../state/filters';

export const VIEW_ID = 'llmStudy.curriculum';

/** Opens any course item the way a click in the tree would. */
export async function openItem(study: Study, itemId: string): Promise<void> {
  if (study.curriculum.resources.has(itemId)) await vscode.commands.executeCommand('llmStudy.showResource', itemId);
  else if (study.curriculum.exercises.has(itemId)) await vscode.commands.executeCommand('llmStudy.startExercise', itemId);
}


const START_HERE = 'Where to begin: module 1\'s first lesson, or Continue (▷ above) opens the next thing to do. Tick each item when you finish it; this line goes with your first tick.';
export function registerCurriculum(study: Study): CommandTable {
  const { context, progress } = study;
  // This window's view of the filters; stored versioned so old values migrate and newer ones survive.
  const filtersStore = new FiltersStore(study.storage);
  let filters = filtersStore.read();
  const tree = new CurriculumTree(study.curriculum, progress, () => filters, (id) => study.ports.exercises?.testState(id));
  const view = vscode.window.createTreeView<Node>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: false });
  const status = vscode.window.createStatusBarItem('llmStudy.progress', vscode.StatusBarAlignment.Left, 10);
  status.name = 'LLM Study progress';
  status.command = 'llmStudy.continue';
  context.subscriptions.push(tree, view, status);

  const updateChrome = () => {
    const n = count(courseItems(study.curriculum), progress.isDone);
    status.text = `$(mortar-board) ${n.done}/${n.total}`;
    status.tooltip = `LLM Study: ${n.done} of ${n.total} items done. Click to continue where you left off.`;
    status.show();
    // A first look at 13 modules says little about where to begin: until the first tick, the tree
    // says it (a new-learner review found no "start here").
    view.message = isFiltered(filters) ? `Filtered: ${describeFilters(filters)}` : n.done === 0 ? START_HERE : undefined;
    view.description = `${n.done}/${n.total}`;
    void vscode.commands.executeCommand('setContext', 'llmStudy.filtered', isFiltered(filters));
    void vscode.commands.executeCommand('setContext', 'llmStudy.hideDone', filters.hideDone);
  };
  updateChrome();

  context.subscriptions.push(
    view.onDidChangeCheckboxState(async (e) => {
      const on = e.items.filter(([, s]) => s === vscode.TreeItemCheckboxState.Checked).map(([n]) => itemIdOf(n));
      const off = e.items.filter(([, s]) => s === vscode.TreeItemCheckboxState.Unchecked).map(([n]) => itemIdOf(n));
      await progress.setDone(on.filter(Boolean) as string[], true);
      await progress.setDone(off.filter(Boolean) as string[], false);
    }),
    // An exercise's row says where its tests stand; the exercises feature registers first (extension.ts).
    ...(study.ports.exercises ? [study.ports.exercises.onDidChangeTestState(() => tree.refresh())] : []),
    progress.onDidChange((ids) => {
      tree.refresh();
      updateChrome();
      for (const id of ids) DetailsPanel.refresh(study.curriculum.resources.get(id), progress.isDone(id));
    }),
  );

  const setFilters = async (f: Filters) => {
    filters = f;
    await filtersStore.write(f);
    tree.refresh();
    updateChrome();
  };

  return {
    'llmStudy.showResource': async (id: string) => {
      const r = study.curriculum.resources.get(id);
      if (!r) return void vscode.window.showWarningMessage(`LLM Study: no resource "${id}".`);
      await progress.setLastOpened(id);
      DetailsPanel.show(study.extensionUri, r, progress.isDone(id));
    },
    'llmStudy.openResourceLink': async (idOrNode: string | Node) => {
      const id = typeof idOrNode === 'string' ? idOrNode : itemIdOf(idOrNode);
      const r = id ? study.curriculum.resources.get(id) : undefined;
      if (!r) return;
      await progress.setLastOpened(r.id);
      await openExternalLink(r.url);
    },
    'llmStudy.toggleResourceDone': async (idOrNode: string | Node) => {
      const id = typeof idOrNode === 'string' ? idOrNode : itemIdOf(idOrNode);
      if (id) await progress.setDone([id], !progress.isDone(id));
    },
    'llmStudy.continue': async () => {
      // With filters on, the next unfinished item they show (a learner who asked for easy items
      // gets one); only when none is left do they come off, and the learner is told why.
      const filtered = isFiltered(filters) ? nextUnfinished(study.curriculum, progress.isDone, progress.lastOpened, filters) : undefined;
      const next = filtered ?? nextUnfinished(study.curriculum, progress.isDone, progress.lastOpened);
      if (!next) return void vscode.window.showInformationMessage('LLM Study: everything is done. Well learned!');
      if (isFiltered(filters) && !filtered) {
        const was = describeFilters(filters);
        await setFilters(NO_FILTERS); // the item must be visible to reveal it
        void vscode.window.showInformationMessage(`LLM Study: nothing unfinished is left under the filters (${was}), so they are cleared to show the next item.`);
      }
      const node = tree.nodeFor(next.itemId);
      if (node) await view.reveal(node, { select: true, focus: false, expand: true });
      await openItem(study, next.itemId);
    },
    'llmStudy.filter': async () => {
      type Pick = vscode.QuickPickItem & { difficulty?: Difficulty; itemKind?: ItemKind };
      const diffs: Difficulty[] = ['easy', 'medium', 'hard'];
      const kinds: ItemKind[] = [...(Object.keys(KIND_LABEL) as ItemKind[]), 'exercise'];
      const items: Pick[] = [
        { label: 'Difficulty', kind: vscode.QuickPickItemKind.Separator } as Pick,
        ...diffs.map((d) => ({ label: d, difficulty: d, picked: filters.difficulties.includes(d) })),
        { label: 'Kind', kind: vscode.QuickPickItemKind.Separator } as Pick,
        ...kinds.map((k): Pick => ({ label: k === 'exercise' ? 'Exercise' : KIND_LABEL[k], itemKind: k, picked: filters.kinds.includes(k) })),
      ];
      const picked = await vscode.window.showQuickPick(items, {
        canPickMany: true,
        title: 'Filter the course',
        placeHolder: 'Show only these difficulties and kinds (none picked: show all)',
      });
      if (!picked) return;
      await setFilters({
        ...filters,
        difficulties: picked.flatMap((p) => (p.difficulty ? [p.difficulty] : [])),
        kinds: picked.flatMap((p) => (p.itemKind ? [p.itemKind] : [])),
      });
    },
    'llmStudy.clearFilters': () => setFilters(NO_FILTERS),
    'llmStudy.hideDone': () => setFilters({ ...filters, hideDone: true }),
    'llmStudy.showDone': () => setFilters({ ...filters, hideDone: false }),
    'llmStudy.resetProgress': async () => {
      const n = progress.doneIds().length;
      const ok = await vscode.window.showWarningMessage(
        `Reset LLM Study progress? This clears ${n} ticked item${n === 1 ? '' : 's'}. Notes are kept.`,
        { modal: true },
        'Reset Progress',
      );
      if (ok === 'Reset Progress') await progress.reset();
    },
  };
}

function itemIdOf(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'resource') return n.resource.id;
  if (n.type === 'exercise') return n.exercise.id;
  return undefined;
}

function describeFilters(f: Filters): string {
  return [f.difficulties.join('/'), f.kinds.join('/'), f.hideDone ? 'hiding done' : ''].filter(Boolean).join(', ');
}
