const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A new space item id: 16 lowercase base36 characters from crypto.getRandomValues.
 * Not crypto.randomUUID, which plain-http LAN origins (insecure contexts) do not have.
 */
export function newItemId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // 252 is the largest multiple of 36 below 256: reject above it to avoid modulo bias.
  let id = '';
  while (id.length < 16) {
    for (const b of bytes) {
      if (b < 252 && id.length < 16) id += alphabet[b % 36];
    }
    if (id.length < 16) crypto.getRandomValues(bytes);
  }
  return id;
}
