/**
 * Which hosts an attachment download may reach. Attachment URLs come from whoever created the
 * task, while the code that downloads them usually runs next to a cloud metadata service and
 * internal ports: by default, loopback, private, link-local, carrier-grade NAT, multicast,
 * unspecified and reserved addresses (and IPv4-mapped IPv6 forms of them) are refused, and so
 * are `localhost` and `*.localhost`. The check runs on the host as the URL parser normalised it
 * (`127.1`, `2130706433` and `0x7f.0.0.1` are all `127.0.0.1` by then), at every redirect hop,
 * and on Node on every address a name resolves to, at connect time (node-download.ts).
 */

/** The opt-ins: the whole private network, or some hosts and ranges of it. */
export interface NetworkPolicy {
  /** Allow every target, private networks included (default false). */
  allowPrivateNetwork?: boolean;
  /**
   * Hosts allowed although they are private: hostnames (`files.intranet`, exact, any case),
   * addresses (`10.1.2.3`, `fd00::1`) and CIDR ranges (`10.0.0.0/8`, `fd00::/8`).
   */
  allowedHosts?: readonly string[];
}

/** The option to name in a refusal, so the reader knows what to change. */
const OPT_IN = 'pass { allowedHosts: [...] } or { allowPrivateNetwork: true } to allow it';

/** A checker made once per call from the policy. */
export interface HostGuard {
  /** Why a URL's host is refused, or undefined when it may be fetched. */
  refuseUrl(url: URL): string | undefined;
  /** Why a resolved address of `hostname` is refused, or undefined. */
  refuseAddress(hostname: string, address: string): string | undefined;
  /** False when every target is allowed (no check to make). */
  readonly active: boolean;
}

/** The guard of a policy; throws on an allowedHosts entry it cannot read. */
export function hostGuard(policy: NetworkPolicy): HostGuard {
  if (policy.allowPrivateNetwork) return { refuseUrl: () => undefined, refuseAddress: () => undefined, active: false };
  const names = new Set<string>();
  const ranges: Range[] = [];
  for (const entry of policy.allowedHosts ?? []) {
    const range = parseRange(entry);
    if (range) ranges.push(range);
    else names.add(entry.toLowerCase().replace(/\.$/, ''));
  }
  const allowedAddress = (address: Address) => ranges.some((r) => inRange(address, r));
  return {
    active: true,
    refuseUrl(url) {
      const host = url.hostname.toLowerCase().replace(/\.$/, '');
      if (names.has(host)) return undefined;
      const address = parseAddress(host);
      if (address) {
        const why = privateKind(address);
        return why && !allowedAddress(address) ? `${url.hostname} is ${why}, refused by default; ${OPT_IN}` : undefined;
      }
      if (host === 'localhost' || host.endsWith('.localhost')) return `${url.hostname} is a loopback name, refused by default; ${OPT_IN}`;
      return undefined;
    },
    refuseAddress(hostname, text) {
      if (names.has(hostname.toLowerCase().replace(/\.$/, ''))) return undefined;
      const address = parseAddress(text);
      if (!address) return `${hostname} resolved to an address that could not be read (${text})`;
      const why = privateKind(address);
      return why && !allowedAddress(address) ? `${hostname} resolves to ${text}, ${why}, refused by default; ${OPT_IN}` : undefined;
    },
  };
}

/** An IPv4 address as 4 bytes, or an IPv6 address as 16. */
type Address = number[];
interface Range {
  address: Address;
  bits: number;
}

function parseRange(entry: string): Range | undefined {
  const [text, bitsText] = entry.split('/');
  const address = parseAddress(text.replace(/^\[|\]$/g, ''));
  if (!address) return undefined;
  const bits = bitsText === undefined ? address.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > address.length * 8) return undefined;
  return { address, bits };
}

function inRange(address: Address, range: Range): boolean {
  const a = address.length === range.address.length ? address : (mappedIPv4(address) ?? address);
  if (a.length !== range.address.length) return false;
  for (let bit = 0; bit < range.bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((a[byte] & mask) !== (range.address[byte] & mask)) return false;
  }
  return true;
}

/** An address literal (IPv4 dotted quad, or IPv6 with or without brackets), else undefined. */
export function parseAddress(text: string): Address | undefined {
  const host = text.replace(/^\[|\]$/g, '');
  return host.includes(':') ? parseIPv6(host) : parseIPv4(host);
}

function parseIPv4(text: string): Address | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

function parseIPv6(text: string): Address | undefined {
  const zoneless = text.split('%')[0];
  let head = zoneless;
  let tail: string[] = [];
  const double = zoneless.indexOf('::');
  if (double !== -1) {
    head = zoneless.slice(0, double);
    tail = zoneless.slice(double + 2) ? zoneless.slice(double + 2).split(':') : [];
  }
  const headParts = head ? head.split(':') : [];
  const readGroups = (groups: string[]): number[] | undefined => {
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      if (i === groups.length - 1 && group.includes('.')) {
        const v4 = parseIPv4(group);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-f]{1,4}$/i.test(group)) out.push(parseInt(group, 16));
      else return undefined;
    }
    return out;
  };
  const first = readGroups(headParts);
  const last = readGroups(tail);
  if (!first || !last) return undefined;
  const missing = 8 - first.length - last.length;
  if (double === -1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...first, ...new Array<number>(double === -1 ? 0 : missing).fill(0), ...last];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) one. */
function mappedIPv4(a: Address): Address | undefined {
  if (a.length !== 16) return undefined;
  const zeros = (from: number, to: number) => a.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && a[10] === 0xff && a[11] === 0xff) return a.slice(12);
  if (a[0] === 0x00 && a[1] === 0x64 && a[2] === 0xff && a[3] === 0x9b && zeros(4, 12)) return a.slice(12);
  return undefined;
}

/** What kind of non-public address this is, or undefined for a public one. */
function privateKind(a: Address): string | undefined {
  if (a.length === 16) {
    const v4 = mappedIPv4(a);
    if (v4) return privateKind(v4);
    if (a.every((b, i) => (i === 15 ? b <= 1 : b === 0))) return a[15] === 1 ? 'a loopback address' : 'the unspecified address';
    if ((a[0] & 0xfe) === 0xfc) return 'a unique-local (private) address';
    if (a[0] === 0xfe && (a[1] & 0xc0) === 0x80) return 'a link-local address';
    if (a[0] === 0xff) return 'a multicast address';
    return undefined;
  }
  const [x, y] = a;
  if (x === 127) return 'a loopback address';
  if (x === 10 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168)) return 'a private (RFC 1918) address';
  if (x === 169 && y === 254) return 'a link-local address (cloud metadata lives there)';
  if (x === 100 && y >= 64 && y <= 127) return 'a carrier-grade NAT address';
  if (x === 0) return 'an unspecified address';
  if (x >= 224 && x <= 239) return 'a multicast address';
  if (x >= 240) return 'a reserved or broadcast address';
  return undefined;
}
