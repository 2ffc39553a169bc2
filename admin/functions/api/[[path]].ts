/**
 * Pages Function for /api/*: hands the request, unchanged (method, body, Access headers), to the
 * lease-bot Worker through the service binding, so the panel and the API still share one origin.
 */
interface PagesEnv {
  API: Fetcher;
}

export const onRequest = ({ request, env }: { request: Request; env: PagesEnv }): Promise<Response> =>
  env.API.fetch(request);
