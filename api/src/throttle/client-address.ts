import ipaddr from 'ipaddr.js';

/**
 * The client an address stands for in per-client limits: an IPv4 address as it is (also when written IPv4-mapped,
 * `::ffff:192.0.2.1`), and an IPv6 address as its /64, the block one home or phone network is given, so that an
 * attacker cannot take a fresh address from their own block for every request.
 */
export function clientOf(ip: string | null | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return `unknown:${ip ?? ''}`;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}
