/*!
 * Mounts the approvals list on the human's terminal and waits until they quit.
 */
import { render } from 'ink';
import { listApprovals } from '../../approvals/queue.js';
import { answerRequest } from '../../approvals/human-only.js';
import { ApprovalsApp } from './ApprovalsApp.js';

/** Runs the Ink approvals UI; resolves when the user quits. */
export async function runApprovalsUi(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const load = () => listApprovals({}, env);
  const answer = (id: string, decision: 'approved' | 'denied') => answerRequest(id, decision, env);
  const app = render(<ApprovalsApp load={load} answer={answer} />);
  await app.waitUntilExit();
}
