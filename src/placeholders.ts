// Commands the sidebar already links to whose full features are still being built. Each feature
// that lands removes its entry here and returns the real handler from its own registration.
import * as vscode from 'vscode';
import type { CommandTable } from './commands';
import type { Study } from './study';

export function placeholderCommands(study: Study, taken: Set<string>): CommandTable {
  const table: CommandTable = {
    'llmStudy.openLesson': async (lessonId?: string) => {
      const lesson = study.curriculum.course.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId);
      if (lesson) void vscode.window.showInformationMessage(`${lesson.title}: ${lesson.summary}`);
    },
  };
  return Object.fromEntries(Object.entries(table).filter(([id]) => !taken.has(id)));
}
