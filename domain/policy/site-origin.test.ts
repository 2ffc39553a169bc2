import { describe, expect, it } from "vitest";
import { parseOriginAllowlist, siteOriginFor } from "./site-origin.ts";

const real = "https://www.spareroom.com";
const at = (baseUrl: string | null, environment = "production", allowlist?: string) =>
  siteOriginFor({ realOrigin: real, baseUrl, environment, allowlist });

describe("siteOriginFor", () => {
  it("uses the platform's real origin without an override, or when the override is that origin", () => {
    expect(at(null)).toEqual({ ok: true, origin: real });
    expect(at("https://www.spareroom.com/some/path")).toEqual({ ok: true, origin: real });
  });

  it("refuses any other host in every environment, look-alikes included", () => {
    for (const env of ["production", "development", "staging"]) {
      for (const url of [
        "https://evil.example",
        "https://www.spareroom.com.evil.example",
        "http://www.spareroom.com",
      ])
        expect(at(url, env, url).ok).toBe(false);
    }
  });

  it("allows a loopback stand-in in development, and in production only when the allowlist names it", () => {
    expect(at("http://127.0.0.1:8801", "development")).toEqual({ ok: true, origin: "http://127.0.0.1:8801" });
    expect(at("http://127.0.0.1:8801", "production").ok).toBe(false);
    expect(at("http://127.0.0.1:8801", "production", "http://127.0.0.1:8802").ok).toBe(false);
    expect(at("http://127.0.0.1:8801", "production", "http://127.0.0.1:8801")).toEqual({
      ok: true,
      origin: "http://127.0.0.1:8801",
    });
  });

  it("honours only loopback origins from the allowlist", () => {
    expect(parseOriginAllowlist(" http://127.0.0.1:1, https://x.example ,http://localhost:2/a")).toEqual({
      origins: ["http://127.0.0.1:1"],
      refused: ["https://x.example", "http://localhost:2/a"],
    });
  });
});
