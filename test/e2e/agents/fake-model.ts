/*!
 * A fake model server on 127.0.0.1 for driving real agent CLIs offline. It speaks the four wire
 * formats the agents use (Anthropic Messages, Gemini generateContent, OpenAI Responses, OpenAI
 * Chat Completions, streamed or not), answers a conversation with the scripted shell tool calls,
 * one per turn (the next one once the agent sent the previous call's result back), records the
 * tool results the agent sends, and then ends with a short text. It is also the agents' HTTP(S) proxy: every other destination (telemetry, updates,
 * plugin syncs, CONNECT tunnels) is refused and recorded, so nothing leaves the machine.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, any>;
/** One scripted tool call: a command for the agent's shell tool, or any tool with its input. */
export type Step = string | { tool: string; input: Json; fromLast?: RegExp };

/** `input` with every "{{1}}" in its strings replaced by `fromLast`'s first group in the latest tool result (numbers stay numbers). */
function fill(input: Json, fromLast: RegExp | undefined, last: string): Json {
  const got = fromLast?.exec(last)?.[1];
  if (got === undefined) return input;
  const text = JSON.stringify(input)
    .replace(/"\{\{1\}\}"/g, /^\d+$/.test(got) ? got : JSON.stringify(got))
    .replace(/\{\{1\}\}/g, got);
  return JSON.parse(text);
}

/** The tool call to make after `done` results, given the offered tools (null: end with text). */
type Call = (names: string[], done: number) => { name: string; input: Json } | null;

/** What the server saw. */
export interface FakeModelLog {
  /** Every model request, with its path and parsed body. */
  requests: { path: string; body: Json; at: number }[];
  /** The text of each tool result the agent sent back (in order, from the latest request). */
  toolResults: string[];
  /** Destinations refused (proxy requests, CONNECT, unknown paths). */
  refused: string[];
  /** When each refusal happened (ms since the epoch). */
  refusedAt: number[];
}

export interface FakeModel {
  url: string;
  port: number;
  log: FakeModelLog;
  /** The tool calls of a conversation, in order: a shell command line, or a tool and its input as is. */
  script(steps: Step[]): void;
  close(): Promise<void>;
}

const SHELL_TOOLS = ['Bash', 'bash', 'run_shell_command', 'shell', 'exec_command', 'local_shell', 'shell_command'];

/** The shell tool among the tools the agent offered, and how it wants its command. */
function shellTool(names: string[]): { name: string; arg: 'command' | 'cmd' | 'argv' } {
  const name = SHELL_TOOLS.find((n) => names.includes(n)) ?? names.find((n) => /bash|shell|exec/i.test(n)) ?? 'bash';
  return { name, arg: name === 'exec_command' ? 'cmd' : name === 'shell' || name === 'local_shell' ? 'argv' : 'command' };
}

function args(tool: { arg: string }, command: string): Json {
  if (tool.arg === 'argv') return { command: ['bash', '-lc', command] };
  if (tool.arg === 'cmd') return { cmd: command };
  return { command, description: 'scripted command' };
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(text).join('\n');
  if (v && typeof v === 'object') {
    const o = v as Json;
    if (typeof o.text === 'string') return o.text;
    if ('content' in o) return text(o.content);
    if ('output' in o) return text(o.output);
    if ('response' in o) return text(o.response);
    return JSON.stringify(o);
  }
  return '';
}

function sse(res: ServerResponse, events: [string | null, Json | string][]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const [event, data] of events) res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  res.end();
}

function json(res: ServerResponse, body: Json, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const USAGE_A = { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };

/** Anthropic Messages. */
function anthropic(body: Json, res: ServerResponse, call: Call, log: FakeModelLog): void {
  const msgs: Json[] = body.messages ?? [];
  const results = msgs.flatMap((m) => (Array.isArray(m.content) ? m.content.filter((b: Json) => b.type === 'tool_result') : []));
  const tools = (body.tools ?? []).map((t: Json) => t.name);
  if (tools.length) log.toolResults = results.map((r: Json) => text(r.content));
  const tc = call(tools, results.length);
  const content = tc ? [{ type: 'tool_use', id: `toolu_${Date.now()}`, name: tc.name, input: tc.input }] : [{ type: 'text', text: 'Done.' }];
  const stop = tc ? 'tool_use' : 'end_turn';
  const message = {
    id: `msg_${Date.now()}`,
    type: 'message',
    role: 'assistant',
    model: body.model ?? 'claude',
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: USAGE_A,
  };
  if (!body.stream) return json(res, message);
  const block = content[0] as Json;
  const startBlock = tc ? { ...block, input: {} } : { type: 'text', text: '' };
  const delta = tc ? { type: 'input_json_delta', partial_json: JSON.stringify(tc.input) } : { type: 'text_delta', text: block.text };
  sse(res, [
    ['message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: startBlock }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } }],
    ['message_stop', { type: 'message_stop' }],
  ]);
}

/** Gemini generateContent / streamGenerateContent. */
function gemini(body: Json, res: ServerResponse, stream: boolean, call: Call, log: FakeModelLog): void {
  const contents: Json[] = body.contents ?? [];
  const results = contents.flatMap((c) => (c.parts ?? []).filter((p: Json) => p.functionResponse));
  const tools = (body.tools ?? []).flatMap((t: Json) => (t.functionDeclarations ?? []).map((f: Json) => f.name));
  if (tools.length) log.toolResults = results.map((r: Json) => text(r.functionResponse.response));
  const tc = call(tools, results.length);
  const parts = tc ? [{ functionCall: { name: tc.name, args: tc.input } }] : [{ text: 'Done.' }];
  const out = {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'gemini-fake',
  };
  if (!stream) return json(res, out);
  sse(res, [[null, out]]);
}

/** OpenAI Responses (Codex). */
function responses(body: Json, res: ServerResponse, call: Call, log: FakeModelLog): void {
  const input: Json[] = Array.isArray(body.input) ? body.input : [];
  const outputs = input.filter((i) => i.type === 'function_call_output' || i.type === 'custom_tool_call_output' || i.type === 'local_shell_call_output');
  const tools = (body.tools ?? []).map((t: Json) => t.name ?? t.type);
  if (tools.length) log.toolResults = outputs.map((o) => text(o.output));
  const tc = call(tools, outputs.length);
  const id = `resp_${Date.now()}`;
  const item = tc
    ? { type: 'function_call', id: `fc_${Date.now()}`, call_id: `call_${Date.now()}`, name: tc.name, arguments: JSON.stringify(tc.input), status: 'completed' }
    : { type: 'message', id: `msg_${Date.now()}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Done.', annotations: [] }] };
  const usage = {
    input_tokens: 10,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 5,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 15,
  };
  const response = { id, object: 'response', status: 'completed', model: body.model, output: [item], usage };
  if (!body.stream) return json(res, response);
  sse(res, [
    ['response.created', { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } }],
    ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item }],
    ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
    ['response.completed', { type: 'response.completed', response }],
  ]);
}

/** OpenAI Chat Completions (Copilot CLI, OpenCode). */
function chat(body: Json, res: ServerResponse, call: Call, log: FakeModelLog): void {
  const msgs: Json[] = body.messages ?? [];
  const results = msgs.filter((m) => m.role === 'tool');
  const tools = (body.tools ?? []).map((t: Json) => t.function?.name ?? t.name);
  if (tools.length) log.toolResults = results.map((m) => text(m.content));
  const tc = call(tools, results.length);
  const id = `chatcmpl_${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  const toolCalls = tc
    ? [{ index: 0, id: `call_${Date.now()}`, type: 'function', function: { name: tc.name, arguments: JSON.stringify(tc.input) } }]
    : undefined;
  const finish = tc ? 'tool_calls' : 'stop';
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  if (!body.stream) {
    const message = tc ? { role: 'assistant', content: null, tool_calls: toolCalls } : { role: 'assistant', content: 'Done.' };
    return json(res, { id, object: 'chat.completion', created, model: body.model, choices: [{ index: 0, message, finish_reason: finish }], usage });
  }
  const base = { id, object: 'chat.completion.chunk', created, model: body.model };
  const delta = tc ? { role: 'assistant', content: null, tool_calls: toolCalls } : { role: 'assistant', content: 'Done.' };
  sse(res, [
    [null, { ...base, choices: [{ index: 0, delta, finish_reason: null }] }],
    [null, { ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] }],
    [null, { ...base, choices: [], usage }],
    [null, '[DONE]'],
  ]);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });
}

/** Starts the server; `script()` sets the command of the next conversation. */
export async function startFakeModel(): Promise<FakeModel> {
  const log: FakeModelLog = { requests: [], toolResults: [], refused: [], refusedAt: [] };
  let steps: Step[] = [];
  const call: Call = (names, done) => {
    if (names.length === 0 || done >= steps.length) return null; // a side request (title, summary), or the end
    const step = steps[done];
    if (typeof step !== 'string') return { name: step.tool, input: fill(step.input, step.fromLast, log.toolResults[log.toolResults.length - 1] ?? '') };
    const tool = shellTool(names);
    return { name: tool.name, input: args(tool, step) };
  };
  const server: Server = createServer(async (req, res) => {
    const url = req.url ?? '/';
    if (/^https?:\/\//.test(url) && !/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) {
      log.refused.push(`${req.method} ${url}`);
      log.refusedAt.push(Date.now());
      return json(res, { error: 'shellgate test proxy: no destinations but the fake model' }, 403);
    }
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    const raw = await readBody(req);
    let body: Json = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      /* not JSON */
    }
    if (req.method === 'POST') log.requests.push({ path, body, at: Date.now() });
    if (req.method === 'GET' && /\/models$/.test(path))
      return json(res, { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'test' }], models: [] });
    if (req.method !== 'POST') {
      log.refused.push(`${req.method} ${path}`);
      return json(res, { error: 'not found' }, 404);
    }
    if (/\/messages\/count_tokens$/.test(path)) return json(res, { input_tokens: 10 });
    if (/\/messages$/.test(path)) return anthropic(body, res, call, log);
    if (/:streamGenerateContent$/.test(path)) return gemini(body, res, true, call, log);
    if (/:generateContent$/.test(path)) return gemini(body, res, false, call, log);
    if (/:countTokens$/.test(path)) return json(res, { totalTokens: 10 });
    if (/\/responses$/.test(path)) return responses(body, res, call, log);
    if (/\/chat\/completions$/.test(path)) return chat(body, res, call, log);
    log.refused.push(`POST ${path}`);
    return json(res, { error: 'not found' }, 404);
  });
  server.on('connect', (req, socket) => {
    socket.on('error', () => {});
    log.refused.push(`CONNECT ${req.url}`);
    log.refusedAt.push(Date.now());
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    script(c: Step[]) {
      steps = [...c];
      log.toolResults = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
