import { inject, nextTick, type InjectionKey, type Ref } from 'vue';
import type { EditDefinition } from '../model/editable';
import type { LocatedProblem } from '../model/problems';
import type { ConfirmRequest } from '../../components/ConfirmDialog.vue';

export type { ConfirmRequest } from '../../components/ConfirmDialog.vue';

/** What the designer's nested editors share: the working copy, its problems, and the page's dialog and voice. */
export interface DesignerContext {
  definition: Readonly<Ref<EditDefinition>>;
  problems: Readonly<Ref<readonly LocatedProblem[]>>;
  /** Items whose editor is open, by uid. */
  expanded: Set<string>;
  confirm: (request: ConfirmRequest) => Promise<boolean>;
  /** Says something to screen-reader users without moving focus ("Question q3 moved to position 2"). */
  announce: (message: string) => void;
}

export const designerContextKey: InjectionKey<DesignerContext> = Symbol('designer');

export function useDesignerContext(): DesignerContext {
  const context = inject(designerContextKey);
  if (!context) throw new Error('designer editors must be used inside the designer page');
  return context;
}

/** Focuses an element by id once Vue has updated the page, and brings it into view. */
export async function focusById(id: string): Promise<boolean> {
  await nextTick();
  const element = document.getElementById(id);
  if (!element) return false;
  element.focus();
  element.scrollIntoView?.({ block: 'nearest' });
  return document.activeElement === element;
}
