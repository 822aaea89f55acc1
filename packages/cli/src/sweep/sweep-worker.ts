/**
 * A sweep worker thread: builds the CLI's plugins once, then runs the points
 * the main thread sends ({@link RunPointRequest}) one at a time and replies
 * with each summary or failure ({@link RunPointReply}).
 * @packageDocumentation
 */
import { parentPort } from 'node:worker_threads';
import { ExitCode } from '../exit-codes.js';
import { createCliContainer } from '../plugins.js';
import { reportError } from '../report-error.js';
import { runPoint } from './run-point.js';
import type { RunPointReply, RunPointRequest } from './worker-messages.js';

const port = parentPort;
if (port === null) throw new Error('sweep-worker.ts runs as a worker thread of sparseprop sweep');
const container = createCliContainer();

port.on('message', async (request: RunPointRequest) => {
  let reply: RunPointReply;
  try {
    const summary = await runPoint(request.config, request.cwd, container);
    reply = { type: 'done', index: request.index, summary };
  } catch (error) {
    let text = '';
    const code = reportError(error, { write: (chunk: string) => (text += chunk) });
    const message = text.split('\n')[0].replace(/^sparseprop: error: /, '');
    reply = { type: 'failed', index: request.index, message, invalidInput: code === ExitCode.invalidInput };
  }
  port.postMessage(reply);
});
