/**
 * Configuration the workerd tests run with. None of it is secret: the session key is a test
 * key, and the site credentials are the sandbox's public demo logins.
 */
export const ACCESS_TEST_PORT = 8810;

export const TEST_BINDINGS = {
  ENVIRONMENT: "production",
  ACCESS_TEAM_DOMAIN: `http://127.0.0.1:${ACCESS_TEST_PORT}`,
  ACCESS_AUD: "lease-bot-test-aud",
  // base64 of 32 bytes 0x01..0x20: a fixed test key for the cookie jar's AES-GCM.
  SESSION_KEY: "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
  SANDBOX_USERNAME: "demo",
  SANDBOX_PASSWORD: "demo-password",
} as const;
