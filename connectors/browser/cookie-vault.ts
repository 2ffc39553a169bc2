/**
 * Saved login state is encrypted at rest: AES-GCM with a 256-bit key from the SESSION_KEY
 * secret, a fresh 96-bit IV per seal, and the account's object name as additional data so a
 * sealed jar cannot be replayed into another account.
 */
export interface StoredCookie {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  expires?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "Strict" | "Lax" | "None";
}

/** Base64 in chunks: spreading a whole jar into one call overflows the stack on a large jar. */
function b64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function importKey(keyB64: string): Promise<CryptoKey> {
  const raw = unb64(keyB64);
  if (raw.length !== 32) throw new Error("SESSION_KEY must be base64 of exactly 32 bytes");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export async function sealCookies(cookies: StoredCookie[], keyB64: string, account: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new TextEncoder().encode(JSON.stringify(cookies));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(account) },
    await importKey(keyB64),
    data,
  );
  return `v1.${b64(iv)}.${b64(new Uint8Array(ct))}`;
}

export async function openCookies(sealed: string, keyB64: string, account: string): Promise<StoredCookie[]> {
  const [v, iv, ct] = sealed.split(".");
  if (v !== "v1" || !iv || !ct) throw new Error("unknown cookie jar format");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: unb64(iv), additionalData: new TextEncoder().encode(account) },
    await importKey(keyB64),
    unb64(ct),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as StoredCookie[];
}
