// Text fixtures imported whole through Vite's ?raw, e.g. an earlier version of a migration.
declare module "*.sql?raw" {
  const text: string;
  export default text;
}
