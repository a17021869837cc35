/*!
 * State of the approvals list as a reducer: the requests (reloaded from disk), which one is
 * selected (kept on the same request id across reloads), and the last message.
 */
import type { ApprovalRequest } from '../../approvals/queue.js';

/** What the approvals list shows. */
export interface ApprovalsState {
  items: ApprovalRequest[];
  /** Id of the selected request. */
  selected?: string;
  note: string;
}

/** What changes it: a reload from disk, a selection move, a message. */
export type ApprovalsEvent = { type: 'load'; items: ApprovalRequest[] } | { type: 'move'; delta: number } | { type: 'note'; text: string };

function indexOf(state: ApprovalsState): number {
  const i = state.items.findIndex((r) => r.id === state.selected);
  return Math.max(0, i);
}

/** The reducer. */
export function approvalsReducer(state: ApprovalsState, ev: ApprovalsEvent): ApprovalsState {
  switch (ev.type) {
    case 'load': {
      const keep = ev.items.some((r) => r.id === state.selected);
      const oldIndex = indexOf(state);
      const fallback = ev.items[Math.min(oldIndex, ev.items.length - 1)]?.id;
      return { ...state, items: ev.items, selected: keep ? state.selected : fallback };
    }
    case 'move': {
      if (state.items.length === 0) return state;
      const i = Math.max(0, Math.min(state.items.length - 1, indexOf(state) + ev.delta));
      return { ...state, selected: state.items[i].id };
    }
    case 'note':
      return { ...state, note: ev.text };
  }
}

/** Initial state from a first load. */
export function initialApprovalsState(items: ApprovalRequest[]): ApprovalsState {
  return { items, selected: items[0]?.id, note: '' };
}
