/*!
 * The confirmation prompt: the command with its risky span highlighted, the environment as a
 * badge (PRODUCTION in red), the risk, each reason with its rule id and safer alternative, and the
 * keys. Once answered it shrinks to one line saying what happened, which stays in the scrollback.
 */
import { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Reason, Verdict } from '../../classifier/verdict.js';
import type { ConfirmOutcome, ConfirmRequest } from './confirm-types.js';
import { CommandView } from './CommandView.js';
import { INITIAL_STATE, pressKey, type PromptState } from './keys.js';
import { ENV_BADGE, RISK_COLOR } from './theme.js';

export interface ConfirmPromptProps {
  request: ConfirmRequest;
  /** Called once, with the human's answer. */
  onAnswer: (outcome: ConfirmOutcome) => void;
}

/** The badge for the environment, or nothing when it is unknown. */
export function EnvironmentBadge({ verdict }: { verdict: Verdict }) {
  if (!verdict.environment) return null;
  const { bg, fg } = ENV_BADGE[verdict.environment];
  return (
    <Text backgroundColor={bg} color={fg} bold>
      {` ${verdict.environment.toUpperCase()} `}
    </Text>
  );
}

function ReasonRow({ reason }: { reason: Reason }) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={RISK_COLOR[reason.risk]}>• </Text>
        <Text bold>{reason.rule}</Text>
        <Text> {reason.message}</Text>
      </Text>
      {reason.alternative ? <Text color="green">{`  safer: ${reason.alternative}`}</Text> : null}
    </Box>
  );
}

function Details({ request }: { request: ConfirmRequest }) {
  const v = request.verdict;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text dimColor>details</Text>
      <Text>{`  cwd: ${request.cwd}`}</Text>
      <Text>{`  environment: ${v.environment ?? 'unknown'}${v.environmentEvidence ? ` (${v.environmentEvidence})` : ''}`}</Text>
      {v.reasons.map((r, i) => (
        <Text key={i}>{`  ${r.rule}: ${r.decision}, risk ${r.risk}, chars ${r.span[0]}–${r.span[1]} of: ${r.command}`}</Text>
      ))}
    </Box>
  );
}

function KeyHints({ code, state }: { code: string | null; state: PromptState }) {
  if (!code) {
    return (
      <Text>
        <Text bold>y</Text> run it once · <Text bold>n</Text>/Esc/Enter don't run (default) · <Text bold>d</Text> details
      </Text>
    );
  }
  const typed = state.typed.padEnd(code.length, '_');
  return (
    <Box flexDirection="column">
      <Text>
        Type <Text bold inverse>{` ${code} `}</Text> to run it · Esc/Enter don't run (default) · <Text bold>d</Text> details
      </Text>
      <Text>
        {'> '}
        <Text bold>{typed}</Text>
        {state.mistake ? <Text color="red"> wrong code, try again</Text> : null}
      </Text>
    </Box>
  );
}

/** The line as one short line of text, for the summary that stays on screen. */
function oneLine(line: string, max = 100): string {
  const one = line.replace(/\s*\n\s*/g, ' ⏎ ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function Summary({ outcome, line }: { outcome: ConfirmOutcome; line: string }) {
  if (outcome.approved) {
    return <Text color="green">{`✔ shellgate: allowed once (${outcome.how === 'code' ? 'code typed' : 'y'}): ${oneLine(line)}`}</Text>;
  }
  return <Text color="red">{`✗ shellgate: not run: ${oneLine(line)}`}</Text>;
}

/** The prompt itself. */
export function ConfirmPrompt({ request, onAnswer }: ConfirmPromptProps) {
  const [state, setState] = useState<PromptState>(INITIAL_STATE);
  useInput((input, key) => setState((s) => pressKey(s, input, key, request.code)));
  useEffect(() => {
    if (state.outcome) onAnswer(state.outcome);
  }, [state.outcome]);
  if (state.outcome) return <Summary outcome={state.outcome} line={request.line} />;
  const v = request.verdict;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={RISK_COLOR[v.risk]} paddingX={1}>
      <Box gap={1}>
        <Text bold>shellgate: confirm before running</Text>
        <EnvironmentBadge verdict={v} />
        <Text>
          risk: <Text bold color={RISK_COLOR[v.risk]}>{v.risk}</Text>
        </Text>
      </Box>
      <CommandView line={request.line} spans={v.reasons.map((r) => r.span)} />
      <Box flexDirection="column" marginTop={1}>
        {v.reasons.map((r, i) => (
          <ReasonRow key={i} reason={r} />
        ))}
      </Box>
      {state.details ? <Details request={request} /> : null}
      <Box marginTop={1}>
        <KeyHints code={request.code} state={state} />
      </Box>
    </Box>
  );
}
