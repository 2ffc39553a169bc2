/**
 * One verify run's whole report, as the CLI's report shows it (connectors/verify/report.ts):
 * the verdict and why, who ran it and when, the report's hash and the connector version, the
 * drift table with candidates found by structure, and per step the page's class, status,
 * timing and every selector the connector reads — matched or not, its count, the sandbox's
 * count, each alternative — with the parsed values (redacted: initials, lengths and digests).
 * Plus the account's history of runs, each one openable. Admins only (the API refuses agents).
 */
import { useState } from "preact/hooks";
import type { VerifyReport } from "../../../connectors/verify/report.ts";
import { ago, when, words } from "../format.ts";
import { usePoll } from "../hooks.ts";
import { Badge, LoadError, Loading } from "./parts.tsx";

// The report as connectors/verify builds it (scrubbed before it is stored): one shape for both.
type Report = VerifyReport;
type StepReport = VerifyReport["steps"][number];
type SelectorResult = StepReport["selectors"][number];
type Candidate = NonNullable<SelectorResult["candidates"]>[number];

export interface VerifyRun {
  id: string;
  ranAt: string;
  ranBy: string;
  ok: boolean;
  reportHash: string;
  connectorVersion: string;
}

const Verdict = ({ ok }: { ok: boolean }) => <Badge tone={ok ? "good" : "bad"}>{ok ? "pass" : "fail"}</Badge>;

function Candidates({ list }: { list: Candidate[] | undefined }) {
  if (!list?.length) return <span class="muted">none found</span>;
  return (
    <ul class="refs">
      {list.map((c) => (
        <li key={c.selector}>
          <code>{c.selector}</code> ({c.count}: {c.why})
        </li>
      ))}
    </ul>
  );
}

function StepSection({ s }: { s: StepReport }) {
  const normal = s.pageClass === s.step;
  return (
    <section class="verify-step" aria-label={`Step ${s.step}`}>
      <h5>
        {s.step}: <Badge tone={normal ? "good" : "bad"}>{words(s.pageClass)}</Badge>{" "}
        <span class="muted">
          status {s.status ?? "—"} · {s.ms} ms
        </span>
      </h5>
      <p class="muted">
        <code>{s.url}</code>
        {s.marker ? ` · classified by ${s.marker}` : ""}
        {s.note ? ` · ${s.note}` : ""}
      </p>
      {s.problems.length ? (
        <ul>
          {s.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>selector</th>
              <th>needed</th>
              <th>fact</th>
              <th>matched</th>
              <th>count</th>
              <th>sandbox</th>
              <th>alternatives (count)</th>
            </tr>
          </thead>
          <tbody>
            {s.selectors.map((sel) => (
              <tr key={sel.name} data-selector={sel.name}>
                <td>{sel.name}</td>
                <td>{sel.required ? "yes" : "no"}</td>
                <td>[{sel.fact}]</td>
                <td>{sel.matched ? "yes" : <strong>no</strong>}</td>
                <td class="count">{sel.count}</td>
                <td>{sel.sandbox ?? "—"}</td>
                <td>
                  {sel.tried.map((t) => (
                    <div key={t.selector}>
                      <code>{t.selector}</code> ({t.invalid ? "invalid" : t.count})
                    </div>
                  ))}
                  {!sel.matched && sel.candidates ? (
                    <div>
                      candidates: <Candidates list={sel.candidates} />
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {s.parsed ? (
        <details>
          <summary>Parsed values (redacted)</summary>
          <pre class="parsed">{JSON.stringify(s.parsed, null, 1)}</pre>
        </details>
      ) : null}
    </section>
  );
}

export function VerifyReportView({ run, report }: { run: VerifyRun; report: Report }) {
  const tally = (o: "confirmed" | "contradicted") => report.facts.filter((f) => f.outcome === o).length;
  return (
    <div class="verify-report" data-report-id={run.id}>
      <p>
        <Verdict ok={report.ok} /> {report.platform} · run {ago(run.ranAt)} ({when(run.ranAt)}) by {run.ranBy}{" "}
        · {report.browser === "browser_run" ? "Browser Run" : "local browser"} · {report.ms} ms over{" "}
        {report.steps.length} steps · submits {report.submits}
      </p>
      <p class="muted">
        report <code title={run.reportHash}>{run.reportHash.slice(0, 16)}</code> · connector{" "}
        <code>{run.connectorVersion}</code> · {report.origin}
      </p>
      {report.requiredMissing.length ? (
        <p role="note">Required selectors that matched nothing: {report.requiredMissing.join(", ")}</p>
      ) : null}
      {report.problems.length ? (
        <ul>
          {report.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <p>
        Facts of the sandbox's markup notes: {tally("confirmed")} confirmed, {tally("contradicted")}{" "}
        contradicted
      </p>
      {report.drift.length ? (
        <div class="table-wrap">
          <table>
            <caption>Drift: selectors the site did not match</caption>
            <thead>
              <tr>
                <th>step</th>
                <th>selector</th>
                <th>needed</th>
                <th>sandbox page</th>
                <th>candidates found by structure</th>
              </tr>
            </thead>
            <tbody>
              {report.drift.map((d) => (
                <tr key={`${d.step}/${d.name}`}>
                  <td>{d.step}</td>
                  <td>{d.name}</td>
                  <td>{d.required ? "yes" : "no"}</td>
                  <td>{d.sandbox ?? "—"}</td>
                  <td>
                    <Candidates list={d.candidates} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {report.steps.map((s) => (
        <StepSection key={s.step} s={s} />
      ))}
    </div>
  );
}

/** The account's runs, newest first; the chosen one (the newest by default) shown whole. */
export function VerifyReports({ accountId, pick }: { accountId: string; pick: string | null }) {
  const base = `/platforms/${encodeURIComponent(accountId)}/verify-reports`;
  const list = usePoll<{ items: VerifyRun[] }>(base, 15_000);
  const [chosen, choose] = useState<string | null>(null);
  const runId = chosen ?? pick ?? "latest";
  const one = usePoll<VerifyRun & { report: Report }>(
    list.data?.items.length ? `${base}/${encodeURIComponent(runId)}` : null,
    60_000,
  );
  if (list.error) return <LoadError error={list.error} />;
  if (!list.data) return <Loading />;
  if (!list.data.items.length) return <p class="muted">No verify run yet.</p>;
  return (
    <div>
      <div class="table-wrap">
        <table class="verify-history">
          <caption>Verify runs (newest first)</caption>
          <thead>
            <tr>
              <th>when</th>
              <th>by</th>
              <th>verdict</th>
              <th>report hash</th>
              <th>connector</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((r) => (
              <tr key={r.id}>
                <td title={when(r.ranAt)}>{ago(r.ranAt)}</td>
                <td>{r.ranBy}</td>
                <td>
                  <Verdict ok={r.ok} />
                </td>
                <td>
                  <code>{r.reportHash.slice(0, 12)}</code>
                </td>
                <td>
                  <code>{r.connectorVersion}</code>
                </td>
                <td>
                  <button type="button" class="link" onClick={() => choose(r.id)}>
                    Show report
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadError error={one.error} />
      {one.data ? <VerifyReportView run={one.data} report={one.data.report} /> : <Loading />}
    </div>
  );
}
