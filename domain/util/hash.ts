/** Lower-case hex SHA-256 of a string's UTF-8 bytes (Web Crypto: the same in workerd and Node). */
export async function sha256Hex(text: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("");
}
