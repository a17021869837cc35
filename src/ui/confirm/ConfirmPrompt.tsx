/*!
 * The confirmation prompt: the command with its risky span highlighted, the environment as a
 * badge (PRODUCTION in red), the risk, each reason with its rule id and safer alternative, and the
 * keys. Once answered it shrinks to one line saying what happened, which stays in the scrollback.
 * Below 70 columns the header stacks and the key hints go one per line, so no word is split;
 * NO_COLOR drops every colour (theme.ts).
 */
import { useEffect, useState } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import type { Reason, Verdict } from '../../core/verdict.js';
import type { ConfirmOutcome, ConfirmRequest } from './confirm-types.js';
import { CommandView } from './CommandView.js';
import { INITIAL_STATE, pressKey, type PromptState } from './keys.js';
import { CODE_ALPHABET } from '../../gate/typed-code.js';
import { ENV_BADGE, RISK_COLOR, tint } from './theme.js';
import { colorEnabled } from '../color.js';

/** Below this many columns the header stacks and hints go one per line. */
const NARROW = 70;

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
    <Text backgroundColor={tint(bg)} color={tint(fg)} inverse={!colorEnabled()} bold>
      {` ${verdict.environment.toUpperCase()} `}
    </Text>
  );
}

function ReasonRow({ reason }: { reason: Reason }) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={tint(RISK_COLOR[reason.risk])}>• </Text>
        <Text bold>{reason.rule}</Text>
        <Text> {reason.message}</Text>
      </Text>
      {reason.alternative ? <Text color={tint('green')}>{`  safer: ${reason.alternative}`}</Text> : null}
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

function KeyHints({ code, state, narrow }: { code: string | null; state: PromptState; narrow: boolean }) {
  const sep = narrow ? null : <Text> · </Text>;
  const dir = narrow ? 'column' : 'row';
  if (!code) {
    return (
      <Box flexDirection={dir} flexWrap="wrap">
        <Text>
          <Text bold>y</Text> run it once
        </Text>
        {sep}
        <Text>
          <Text bold>n</Text>/Esc/Enter don't run (default)
        </Text>
        {sep}
        <Text>
          <Text bold>i</Text> details
        </Text>
      </Box>
    );
  }
  const typed = state.typed.padEnd(code.length, '_');
  return (
    <Box flexDirection="column">
      <Box flexDirection={dir} flexWrap="wrap">
        <Text>
          Type <Text bold inverse>{` ${code} `}</Text> to run it
        </Text>
        {sep}
        <Text>Esc/Enter don't run (default)</Text>
        {sep}
        <Text>
          <Text bold>i</Text> details
        </Text>
      </Box>
      <Text>
        {'> '}
        <Text bold>{typed}</Text>
        {state.mistake ? <Text color={tint('red')}> wrong code, try again</Text> : null}
      </Text>
      {state.ignored ? <Text color={tint('yellow')}>{`'${state.ignored}' is never in a code (only ${CODE_ALPHABET.split('').join(' ')})`}</Text> : null}
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
    return <Text color={tint('green')}>{`shellgate ✔ allowed once (${outcome.how === 'code' ? 'code typed' : 'y'}): ${oneLine(line)}`}</Text>;
  }
  return <Text color={tint('red')}>{`shellgate ✗ not run, declined: ${oneLine(line)}`}</Text>;
}

/** The prompt itself. */
export function ConfirmPrompt({ request, onAnswer }: ConfirmPromptProps) {
  const [state, setState] = useState<PromptState>(INITIAL_STATE);
  const narrow = (useStdout().stdout.columns ?? 80) < NARROW;
  useInput((input, key) => setState((s) => pressKey(s, input, key, request.code)));
  // biome-ignore lint/correctness/useExhaustiveDependencies: answer once, when the outcome is set (not again when the parent re-renders with a new onAnswer)
  useEffect(() => {
    if (state.outcome) onAnswer(state.outcome);
  }, [state.outcome]);
  if (state.outcome) return <Summary outcome={state.outcome} line={request.line} />;
  const v = request.verdict;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={tint(RISK_COLOR[v.risk])} paddingX={narrow ? 0 : 1}>
      <Box columnGap={1} flexWrap="wrap">
        <Text bold wrap="truncate-end">
          {narrow ? 'shellgate: confirm' : 'shellgate: confirm before running'}
        </Text>
        <EnvironmentBadge verdict={v} />
        <Text>
          risk:{' '}
          <Text bold color={tint(RISK_COLOR[v.risk])}>
            {v.risk}
          </Text>
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
        <KeyHints code={request.code} state={state} narrow={narrow} />
      </Box>
    </Box>
  );
}
