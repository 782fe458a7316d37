/**
 * How a runtime sends commands to one host: batched in the outbox, except a fault injection,
 * which leaves at once as a frame of its own behind whatever is already queued.
 * @module
 */
import { encodeFrame, type Frame } from '../../protocol/codec.js';
import type { Outbox } from '../../protocol/outbox.js';
import type { HostCommand, WorkerCommand } from '../../protocol/messages.js';

/** The `send` of a WorkerChannel over `outbox`, whose frames go out through `post`. */
export function hostSender(outbox: Outbox<WorkerCommand>, post: (frame: Frame) => void): (cmd: HostCommand) => void {
  return (cmd) => {
    if (cmd.type !== 'inject-fault') {
      outbox.push(cmd);
      return;
    }
    outbox.flush();
    post(encodeFrame([cmd]));
  };
}
