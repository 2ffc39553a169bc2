/** Values test/global-setup.ts provides to the tests (vitest provide/inject), typed. */
declare module "vitest" {
  export interface ProvidedContext {
    accessPrivateJwk: Record<string, unknown>;
    accessForeignJwk: Record<string, unknown>;
  }
}

export {};
