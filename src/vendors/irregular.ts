/**
 * The few OUIs Wireshark names other than by their registration (observed with tshark 4.0), because captures
 * use them for something else than the registered vendor's hardware. scripts/gen-oui.mjs applies them over
 * the registry.
 */
export const IRREGULAR_OUIS: Readonly<Record<string, { short: string; organisation: string }>> = {
  // All zeros is far more often a placeholder (an ARP request's unknown target) than Xerox hardware.
  '000000': { short: '00:00:00', organisation: 'Officially Xerox, but 0:0:0:0:0:0 is more common' },
  // DEC's own addressing: physical addresses of some DEC machines, and the prefix DECnet Phase IV puts before
  // a node's DECnet address to make its MAC address.
  AA0003: { short: 'DecGloba', organisation: 'DEC' },
  AA0004: { short: 'DecLocal', organisation: 'DEC' },
};
