/** The relay's SSE side, loaded at first use (see relay/index.ts). */
import { ModuleException } from '../core/errors.js';
import { nonNegative } from '../core/validate.js';
import type { TaskUpdateEvent } from '../events/types.js';
import { relayedEnvelope, sseFrame } from './encode.js';
import type { SSEStreamOptions } from './types.js';

const encoder = new TextEncoder();

/**
 * Pulls events as the consumer reads and writes each as an SSE frame. An upstream failure is
 * sent as an `error` event (its message, which the SDK keeps free of secrets), then the stream
 * ends; cancelling the stream closes the upstream one.
 */
export function sseSource(events: AsyncIterable<TaskUpdateEvent<unknown>>, options: SSEStreamOptions, onCancel?: () => void): UnderlyingDefaultSource<Uint8Array> {
  const heartbeatMs = nonNegative('heartbeatMs', options.heartbeatMs, 15_000);
  const iterator = events[Symbol.asyncIterator]();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stop = () => clearInterval(heartbeat);
  return {
    start(controller) {
      // A comment line with no blank line of its own: no reader can take it for an event.
      if (heartbeatMs > 0) heartbeat = setInterval(() => controller.enqueue(encoder.encode(': ping\n')), heartbeatMs);
    },
    async pull(controller) {
      try {
        for (;;) {
          const { value, done } = await iterator.next();
          if (done) {
            stop();
            controller.close();
            return;
          }
          const envelope = relayedEnvelope(value, options);
          if (!envelope) continue;
          controller.enqueue(encoder.encode(sseFrame(value.id, envelope)));
          return;
        }
      } catch (error) {
        stop();
        const message = error instanceof ModuleException ? error.message : 'The event stream failed';
        controller.enqueue(encoder.encode(sseFrame(undefined, { message }, 'error')));
        controller.close();
      }
    },
    async cancel() {
      stop();
      onCancel?.();
      await iterator.return?.();
    },
  };
}
