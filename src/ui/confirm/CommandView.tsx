/*!
 * The command line as it will run, with the risky spans (from the verdict's reasons) highlighted.
 */
import { Box, Text } from 'ink';
import type { Span } from '../../core/verdict.js';
import { tint } from './theme.js';

interface Segment {
  text: string;
  risky: boolean;
}

/** Cuts `line` into plain and risky pieces; spans are merged and clamped to the line. */
export function segments(line: string, spans: Span[]): Segment[] {
  const marks = new Array<boolean>(line.length).fill(false);
  for (const [a, b] of spans) {
    for (let i = Math.max(0, a); i < Math.min(line.length, b); i++) marks[i] = true;
  }
  const out: Segment[] = [];
  for (let i = 0; i < line.length; i++) {
    const last = out[out.length - 1];
    if (last && last.risky === marks[i]) last.text += line[i];
    else out.push({ text: line[i], risky: marks[i] });
  }
  return out;
}

/** Renders `$ line` with the risky parts in bold red and underlined; a long line wraps beside the `$ `. */
export function CommandView({ line, spans }: { line: string; spans: Span[] }) {
  return (
    <Box>
      <Box flexShrink={0} width={2}>
        <Text dimColor>$ </Text>
      </Box>
      <Text>
        {segments(line, spans).map((s, i) =>
          s.risky ? (
            <Text key={i} bold color={tint('redBright')} underline>
              {s.text}
            </Text>
          ) : (
            <Text key={i}>{s.text}</Text>
          ),
        )}
      </Text>
    </Box>
  );
}
