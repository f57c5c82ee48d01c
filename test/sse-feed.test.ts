/**
 * The SSE body decoder both readers share (src/events/sse-feed.ts): whole-chunk decoding must
 * give exactly what a streaming decode gives, wherever the body is split.
 */
import { SseFeed } from '../src/events/sse-feed';

const bytes = (text: string) => new TextEncoder().encode(text);

function feedAll(chunks: Uint8Array[], dispatchLast = false) {
  const feed = new SseFeed(1024);
  for (const chunk of chunks) feed.push(chunk);
  feed.end(dispatchLast);
  return feed.messages.map(({ id, data }) => ({ id, data }));
}

/** The body cut at every byte offset into two chunks, and into single bytes. */
function everySplit(body: Uint8Array): Uint8Array[][] {
  const splits = [[body], Array.from(body, (b) => Uint8Array.of(b))];
  for (let at = 1; at < body.length; at++) splits.push([body.subarray(0, at), body.subarray(at)]);
  return splits;
}

describe('SseFeed', () => {
  it('drops a byte-order mark at the start of the body, even split across chunks', () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('id: 1\ndata: a\n\n')]);
    for (const chunks of everySplit(body)) expect(feedAll(chunks)).toEqual([{ id: '1', data: 'a' }]);
  });

  it('keeps U+FEFF that is data, also where a chunk starts with it', () => {
    const body = bytes('data: x\n\ndata: \ufeffy\ufeff\n\n');
    for (const chunks of everySplit(body)) {
      expect(feedAll(chunks)).toEqual([
        { id: undefined, data: 'x' },
        { id: undefined, data: '\ufeffy\ufeff' },
      ]);
    }
    // The chunk boundary right before the second event's U+FEFF:
    const at = bytes('data: x\n\ndata: ').length;
    expect(feedAll([body.subarray(0, at), body.subarray(at)])[1].data).toBe('\ufeffy\ufeff');
  });

  it('decodes characters split across chunks, and invalid bytes as U+FFFD, as a streaming decode does', () => {
    const body = new Uint8Array([...bytes('data: é€😀 '), 0xff, 0xc3, ...bytes('!\n\n')]);
    const expected = new TextDecoder().decode(body).slice('data: '.length, -2);
    for (const chunks of everySplit(body)) expect(feedAll(chunks)).toEqual([{ id: undefined, data: expected }]);
  });

  it('ends a last line cut by a lone CR at the end of the body', () => {
    expect(feedAll([bytes('data: a\r\r')])).toEqual([{ id: undefined, data: 'a' }]);
    expect(feedAll([bytes('data: a\r'), bytes('\r')])).toEqual([{ id: undefined, data: 'a' }]);
  });

  it('drops an event the body does not close, unless asked to deliver it', () => {
    expect(feedAll([bytes('data: a\n\ndata: b')])).toEqual([{ id: undefined, data: 'a' }]);
    expect(feedAll([bytes('data: a\n\ndata: b')], true)).toEqual([
      { id: undefined, data: 'a' },
      { id: undefined, data: 'b' },
    ]);
  });

  it('stops at maxEventSize and parses nothing more', () => {
    const feed = new SseFeed(8);
    feed.push(bytes('data: 0123456789'));
    expect(feed.tooLarge).toBe(true);
    feed.push(bytes('\n\ndata: b\n\n'));
    feed.end(true);
    expect(feed.messages).toEqual([]);
  });

  it("hands the server's retry to its owner", () => {
    const retries: number[] = [];
    const feed = new SseFeed(1024, (ms) => retries.push(ms));
    feed.push(bytes('retry: 2500\n\n'));
    expect(retries).toEqual([2500]);
  });
});
