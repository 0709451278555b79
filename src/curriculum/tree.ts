// The Study sidebar: turns treeModel nodes into TreeItems with checkboxes, codicons and counts.
import * as vscode from 'vscode';
import type { Curriculum, ResourceKind } from '../shared/curriculum/model';
import {
  count, formatMinutes, lessonChildren, lessonItems, moduleChildren, moduleItems, rootNodes, totalMinutes,
  type Filters, type Node,
} from '../shared/curriculum/treeModel';
import type { ProgressStore } from '../state/progressStore';
import type { ExerciseTestState } from '../study';
import { exerciseRow } from './exerciseRow';

const KIND_ICON: Record<ResourceKind, string> = {
  video: 'play-circle',
  audio: 'unmute',
  article: 'note',
  paper: 'file-text',
  course: 'mortar-board',
  book: 'book',
  interactive: 'rocket',
  code: 'code',
};

export const KIND_LABEL: Record<ResourceKind, string> = {
  video: 'Video', audio: 'Audio', article: 'Article', paper: 'Paper', course: 'Course', book: 'Book', interactive: 'Interactive', code: 'Code',
};

export class CurriculumTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private parents = new Map<string, Node>();

  constructor(
    private curriculum: Curriculum,
    private readonly progress: ProgressStore,
    private filters: () => Filters,
    /** Where a started exercise's tests stand (the exercises port; undefined without that feature). */
    private readonly exerciseState: (id: string) => { state: ExerciseTestState; label: string } | undefined = () => undefined,
  ) {}

  setCurriculum(c: Curriculum): void {
    this.curriculum = c;
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const c = this.curriculum;
    const f = this.filters();
    const isDone = this.progress.isDone;
    let kids: Node[];
    if (!node) kids = rootNodes(c, f, isDone);
    else if (node.type === 'module') kids = moduleChildren(c, node.module, f, isDone);
    else if (node.type === 'lesson') kids = lessonChildren(c, node.module, node.lesson, f, isDone);
    else kids = [];
    // reveal() walks up through getParent, so remember who showed whom.
    if (node) for (const k of kids) this.parents.set(k.id, node);
    return kids;
  }

  getParent(node: Node): Node | undefined {
    if (node.type === 'module') return undefined;
    const known = this.parents.get(node.id);
    if (known) return known;
    const modIndex = this.curriculum.course.modules.indexOf(node.module);
    if (node.type === 'lesson') return { type: 'module', id: node.module.id, module: node.module, index: modIndex };
    return { type: 'lesson', id: node.lesson.id, lesson: node.lesson, module: node.module };
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const isDone = this.progress.isDone;
    const check = (id: string) =>
      isDone(id) ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
    switch (node.type) {
      case 'module': {
        const items = moduleItems(node.module);
        const n = count(items, isDone);
        const item = new vscode.TreeItem(`${node.index + 1}. ${node.module.title}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = `${n.done}/${n.total} · ${formatMinutes(totalMinutes(items, this.curriculum))}`;
        item.iconPath = new vscode.ThemeIcon(n.total > 0 && n.done === n.total ? 'pass-filled' : 'library');
        item.tooltip = new vscode.MarkdownString(`**${node.module.title}**\n\n${node.module.summary}\n\n${node.module.why}`);
        item.contextValue = 'module';
        item.accessibilityInformation = { label: `Module ${node.module.title}, ${n.done} of ${n.total} done` };
        return item;
      }
      case 'lesson': {
        const items = lessonItems(node.lesson);
        const n = count(items, isDone);
        const item = new vscode.TreeItem(node.lesson.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = `${n.done}/${n.total}`;
        item.iconPath = new vscode.ThemeIcon(n.total > 0 && n.done === n.total ? 'pass' : 'notebook');
        item.tooltip = new vscode.MarkdownString(`**${node.lesson.title}**\n\n${node.lesson.summary}`);
        item.contextValue = 'lesson';
        item.command = { command: 'llmStudy.openLesson', title: 'Open Lesson', arguments: [node.lesson.id] };
        return item;
      }
      case 'resource': {
        const r = node.resource;
        const item = new vscode.TreeItem(r.title, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        const flags = [r.difficulty, formatMinutes(r.minutes), r.long ? 'long' : '', r.poorAudio ? 'poor audio' : ''].filter(Boolean);
        item.description = flags.join(' · ');
        item.iconPath = new vscode.ThemeIcon(KIND_ICON[r.kind] ?? 'link');
        item.checkboxState = check(r.id);
        const md = new vscode.MarkdownString(
          `**${r.title}** — ${r.authors.join(', ')}\n\n*${KIND_LABEL[r.kind]}${r.difficulty ? ` · ${r.difficulty}` : ''} · ${formatMinutes(r.minutes)}*\n\n${r.summary}\n\n**Take away:** ${r.takeaway}`,
        );
        item.tooltip = md;
        item.contextValue = 'resource';
        item.command = { command: 'llmStudy.showResource', title: 'Show Details', arguments: [r.id] };
        item.accessibilityInformation = { label: `${KIND_LABEL[r.kind]}: ${r.title}${isDone(r.id) ? ', done' : ''}` };
        return item;
      }
      case 'exercise': {
        const e = node.exercise;
        const planned = e.status === 'planned';
        const item = new vscode.TreeItem(e.title, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        const row = exerciseRow(e, planned ? undefined : this.exerciseState(e.id));
        item.description = row.description;
        item.iconPath = new vscode.ThemeIcon(row.icon, row.color && new vscode.ThemeColor(row.color));
        item.checkboxState = check(e.id);
        item.tooltip = new vscode.MarkdownString(`**Exercise: ${e.title}**\n\n${e.summary}`);
        item.contextValue = planned ? 'exercise-planned' : 'exercise';
        item.command = { command: 'llmStudy.startExercise', title: 'Start Exercise', arguments: [e.id] };
        return item;
      }
    }
  }

  /** Finds the tree node of an item for reveal(). */
  nodeFor(itemId: string): Node | undefined {
    for (const module of this.curriculum.course.modules) {
      for (const lesson of module.lessons) {
        const resource = lesson.resources.includes(itemId) ? this.curriculum.resources.get(itemId) : undefined;
        if (resource) return { type: 'resource', id: `${lesson.id}/${itemId}`, resource, lesson, module };
        const exercise = lesson.exercises.includes(itemId) ? this.curriculum.exercises.get(itemId) : undefined;
        if (exercise) return { type: 'exercise', id: `${lesson.id}/${itemId}`, exercise, lesson, module };
      }
    }
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
