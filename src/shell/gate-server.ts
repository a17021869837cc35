/*!
 * shellgate's end of the channel: decodes what bash sends, answers each line in order through
 * the Gatekeeper, serves its requests for function definitions, and reports the hello, refusals
 * and exit statuses. A request abandoned by bash (Ctrl-C while waiting) is answered all the same;
 * its id keeps that late answer from being applied to the next line.
 */
import type { FifoChannel } from './fifo-channel.js';
import type { Gatekeeper } from './gatekeeper.js';
import { answerText, decodeRecord, functionsQuery, type GateRequest } from './protocol.js';

/** How long to wait for bash to send function definitions before giving up on the line. */
const FETCH_TIMEOUT_MS = 5000;

export interface GateServerEvents {
  /** The integration script finished installing the hook. */
  onHello(pid: number, version: string): void;
  /** The integration script could not install the hook. */
  onRefuse(message: string): void;
  /** Called before any answer is sent: lets the host flush messages in order. */
  beforeReply(): Promise<void>;
  /** Called before each line is judged: lets the host load what classifying needs on first use. */
  beforeJudge?(): Promise<void>;
}

export class GateServer {
  private queue: GateRequest[] = [];
  private busy = false;
  private fetchWaiter: { id: string; resolve: (text: string) => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly channel: FifoChannel,
    private readonly token: string,
    private readonly gatekeeper: Gatekeeper,
    private readonly events: GateServerEvents,
  ) {}

  /** Starts listening. */
  start(): void {
    this.channel.onRecord((fields) => this.dispatch(fields));
  }

  private dispatch(fields: string[]): void {
    const msg = decodeRecord(fields, this.token);
    if (!msg) return;
    switch (msg.type) {
      case 'hello':
        return this.events.onHello(msg.pid, msg.version);
      case 'refuse':
        return this.events.onRefuse(msg.message);
      case 'done':
        return this.gatekeeper.done(msg.id, msg.status);
      case 'bypass':
        return this.gatekeeper.bypassed(msg.command, msg.cwd);
      case 'functions':
        if (this.fetchWaiter?.id === msg.id) this.fetchWaiter.resolve(msg.text);
        return;
      case 'request':
        // A new line means bash gave up on any line still waiting for definitions.
        this.fetchWaiter?.reject(new Error('the line was abandoned'));
        this.queue.push(msg.request);
        void this.drain();
    }
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let req = this.queue.shift(); req; req = this.queue.shift()) {
        await this.events.beforeJudge?.();
        const answer = await this.gatekeeper.judge(req, (names) => this.fetch(req!.id, names));
        await this.events.beforeReply();
        this.channel.reply(answerText(req.id, answer));
      }
    } finally {
      this.busy = false;
    }
  }

  private fetch(id: string, names: string[]): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bash did not send the function definitions')), FETCH_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        this.fetchWaiter = null;
      };
      this.fetchWaiter = {
        id,
        resolve: (t) => (done(), resolve(t)),
        reject: (e) => (done(), reject(e)),
      };
      this.channel.reply(functionsQuery(id, names));
    });
  }
}
