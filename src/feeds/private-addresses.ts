import dns from "node:dns";
import net from "node:net";

/** A request refused because its host is, or resolves to, an address outside the public internet. */
export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDRESS";
  constructor(host: string, address: string) {
    const where = host === address ? address : `${host} (${address})`;
    super(`refused: ${where} is a private or local address; set FEEDS_ALLOW_PRIVATE=1 to fetch feeds on your own network`);
  }
}

/** IPv4 ranges that are not the public internet (RFC 6890 special-purpose, plus multicast and reserved). */
const PRIVATE_V4: [base: string, bits: number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

function v4ToNumber(address: string): number {
  return address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}

function isPrivateV4(address: string): boolean {
  const value = v4ToNumber(address);
  return PRIVATE_V4.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(v4ToNumber(base) / 2 ** (32 - bits)));
}

/** An IPv6 address as eight 16-bit groups (a trailing dotted IPv4 part becomes two groups). */
function v6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, "").toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const value = v4ToNumber(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((group) => parseInt(group, 16)));
  if (tail === undefined) return parse(head);
  const front = parse(head);
  const back = parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function embeddedV4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

function isPrivateV6(address: string): boolean {
  const g = v6Groups(address);
  const zerosBefore = (count: number) => g.slice(0, count).every((group) => group === 0);
  if (zerosBefore(8)) return true; // unspecified
  if (zerosBefore(7) && g[7] === 1) return true; // loopback
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
  if (zerosBefore(5) && g[5] === 0xffff) return isPrivateV4(embeddedV4(g[6]!, g[7]!));
  if (zerosBefore(6)) return isPrivateV4(embeddedV4(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0)) return isPrivateV4(embeddedV4(g[6]!, g[7]!));
  if (g[0] === 0x2002) return isPrivateV4(embeddedV4(g[1]!, g[2]!)); // 6to4
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0) return true; // link-local, old site-local
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (first === 0x2001 && (g[1] === 0 || g[1] === 0xdb8)) return true; // Teredo, documentation
  if (first === 0x100 && g.slice(1, 4).every((group) => group === 0)) return true; // discard-only 100::/64
  return false;
}

/** True for an IP address that is loopback, private, link-local, unique-local, multicast, reserved or unspecified. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address.replace(/%.*$/, ""));
  if (family === 4) return isPrivateV4(address);
  if (family === 6) return isPrivateV6(address);
  return true;
}

/** A URL hostname as an IP address when it is one (IPv6 literals come bracketed); else null. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return net.isIP(bare) ? bare : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` for sockets that fails for names resolving to any address `refuses` names. Used as the
 * connection's own lookup, the address checked is the address connected to: a name cannot pass and then rebind.
 */
export function checkedLookup(refuses: (address: string) => boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "");
      const refused = addresses.find(({ address }) => refuses(address));
      if (refused) return callback(new PrivateAddressError(hostname, refused.address), "");
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "");
      callback(null, first.address, first.family);
    });
  };
}
