// Run with `node --import tsx`: reads a task's UI message stream through the real `ai` package
// (ESM only, hence a child of the jest tests) and prints the final message's parts, every
// pause value seen on the way, the errors reported, and the response headers.
import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { Configuration, Tasks, toUIMessageStreamResponse } from '../../src/index.js';

const [baseUrl, apiKey, organizationId, taskId] = process.argv.slice(2);
const tasks = new Tasks(new Configuration({ base_url: baseUrl, api_key: apiKey, organization_id: organizationId }));
const response = toUIMessageStreamResponse((resume) => tasks.events(taskId, resume), { messageId: taskId });

// What useChat does with the body: SSE `data:` lines of JSON chunks, up to `[DONE]`.
const chunks = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(
  new TransformStream<string, UIMessageChunk>({
    buffer: '',
    transform(text, controller) {
      const self = this as unknown as { buffer: string };
      self.buffer = (self.buffer ?? '') + text;
      const blocks = self.buffer.split('\n\n');
      self.buffer = blocks.pop()!;
      for (const block of blocks) {
        const data = block.replace(/^data: /, '');
        if (data !== '[DONE]') controller.enqueue(JSON.parse(data));
      }
    },
  } as Transformer<string, UIMessageChunk>),
);

const errors: string[] = [];
const pauses: unknown[] = [];
let last: UIMessage | undefined;
for await (const message of readUIMessageStream({ stream: chunks, onError: (e) => errors.push(String((e as Error).message ?? e)) })) {
  last = message;
  const pause = message.parts.find((p) => p.type === 'data-xpander-pause') as { data?: unknown } | undefined;
  if (pause && JSON.stringify(pauses.at(-1)) !== JSON.stringify(pause.data)) pauses.push(pause.data);
}
console.log(JSON.stringify({ headers: Object.fromEntries(response.headers), parts: last?.parts ?? [], pauses, errors, id: last?.id }));
