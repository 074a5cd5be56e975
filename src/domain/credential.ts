/**
 * The shape of a bearer token or session cookie: `mes_<id>_<secret>`. The id finds the stored
 * record; only a hash of the secret is stored, so a copy of the database opens no door.
 */
const PREFIX = "mes_";
const SHAPE = /^mes_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

export function formatCredential(id: string, secret: string): string {
  return `${PREFIX}${id}_${secret}`;
}

export function parseCredential(text: string): { id: string; secret: string } | null {
  const match = SHAPE.exec(text);
  return match ? { id: match[1], secret: match[2] } : null;
}
