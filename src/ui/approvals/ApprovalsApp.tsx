/*!
 * The `shellgate approvals` screen: pending requests, refreshed live from the state directory;
 * ↑/↓ select, `a` approves once, `d` denies, `q` quits. Data access is injected (`load`,
 * `answer`) so that tests drive it against a real queue in a temp directory.
 */
import { useEffect, useReducer, useRef } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { ApprovalRequest } from '../../approvals/queue.js';
import { approvalsReducer, initialApprovalsState } from './approvals-state.js';
import { KEY_HELP, keyAction } from './keys.js';
import { age, firstLine, why } from './plain-list.js';
import { printable } from '../../audit/table.js';
import { colorEnabled } from '../color.js';
import { tint } from '../confirm/theme.js';

/** Props of ApprovalsApp. */
export interface ApprovalsAppProps {
  /** Current pending requests (called on every refresh). */
  load: () => ApprovalRequest[];
  /** Approves once or denies a request; throws on failure (shown as a note). */
  answer: (id: string, decision: 'approved' | 'denied') => ApprovalRequest;
  /** Refresh period. @default 500 */
  refreshMs?: number;
}

function safeLoad(load: () => ApprovalRequest[]): { items: ApprovalRequest[]; error?: string } {
  try {
    return { items: load() };
  } catch (err) {
    return { items: [], error: (err as Error).message };
  }
}

function Row({ r, selected, now }: { r: ApprovalRequest; selected: boolean; now: number }) {
  return (
    <Box flexDirection="column">
      <Text color={selected ? tint('cyan') : undefined} bold={selected} inverse={selected && !colorEnabled()}>
        {selected ? '❯ ' : '  '}#{r.id} {firstLine(r.line)}
      </Text>
      <Text dimColor>
        {'    '}in {printable(r.cwd)} · {printable(r.agent ?? 'unknown agent')} · {age(r.createdAt, now)} ago · {why(r)}
      </Text>
    </Box>
  );
}

/** The approvals list. */
export function ApprovalsApp({ load, answer, refreshMs = 500 }: ApprovalsAppProps) {
  const { exit } = useApp();
  const [state, dispatch] = useReducer(approvalsReducer, undefined, () => initialApprovalsState(safeLoad(load).items));
  // Keys can arrive faster than React re-subscribes the input handler: act on the latest state,
  // never on the one a stale closure saw (↓ then d must deny the newly selected request).
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    const timer = setInterval(() => {
      const { items, error } = safeLoad(load);
      dispatch({ type: 'load', items });
      if (error) dispatch({ type: 'note', text: `cannot read the queue: ${error}` });
    }, refreshMs);
    return () => clearInterval(timer);
  }, [load, refreshMs]);

  useInput((input, key) => {
    const action = keyAction(input, key);
    if (action === 'quit') return exit();
    if (action === 'up' || action === 'down') {
      const ev = { type: 'move', delta: action === 'up' ? -1 : 1 } as const;
      latest.current = approvalsReducer(latest.current, ev);
      return dispatch(ev);
    }
    const selected = latest.current.selected;
    if ((action === 'approve' || action === 'deny') && selected) {
      try {
        const r = answer(selected, action === 'approve' ? 'approved' : 'denied');
        dispatch({ type: 'note', text: `${action === 'approve' ? 'approved once' : 'denied'}: #${r.id} ${firstLine(r.line)}` });
      } catch (err) {
        dispatch({ type: 'note', text: (err as Error).message });
      }
      dispatch({ type: 'load', items: safeLoad(load).items });
    }
  });

  const now = Date.now();
  return (
    <Box flexDirection="column">
      <Text bold>shellgate approvals — {state.items.length} pending</Text>
      {state.items.length === 0 ? <Text dimColor>No pending requests. Waiting for new ones…</Text> : null}
      {state.items.map((r) => (
        <Row key={r.id} r={r} selected={r.id === state.selected} now={now} />
      ))}
      {state.note ? <Text color={tint('yellow')}>{state.note}</Text> : null}
      <Text dimColor>{KEY_HELP}</Text>
    </Box>
  );
}
