/** A bar chart of counts per hour as inline SVG: no library, no script, scales to its box. */

export function Spark({
  label,
  values,
  hours,
  tone,
}: {
  label: string;
  values: number[];
  hours: string[];
  tone: string;
}) {
  const max = Math.max(1, ...values);
  const total = values.reduce((a, b) => a + b, 0);
  const w = 4;
  const h = 24;
  return (
    <figure class={`spark ${tone}`}>
      <svg
        viewBox={`0 0 ${values.length * w} ${h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${label}: ${total} in the last ${values.length} hours`}
      >
        {values.map((v, i) => {
          const bh = v === 0 ? 0 : Math.max(2, (v / max) * h);
          return (
            <rect key={hours[i] ?? i} x={i * w + 0.5} y={h - bh} width={w - 1} height={bh}>
              <title>{`${hours[i] ?? ""}:00 UTC — ${v} ${label}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>
        {label} <strong>{total}</strong>
      </figcaption>
    </figure>
  );
}
