// Chart pieces of /stats and /stats/emerging (recharts). Axis labels are plain SVG text and
// intervals are fixed: recharts would otherwise measure text in the browser, and the hydrated
// chart would differ from the server's (as on /stats/assessment).
import { Line, LineChart, YAxis } from "recharts";

/** Eight colours that keep 4.5:1 against white and stay apart for common colour blindness. */
export const PALETTE = ["#a8201a", "#1c4f8a", "#1e6b35", "#8a5a00", "#6a3d9a", "#00707a", "#b03a7a", "#555b63"];

export function LeftTick({ x, y, payload }: { x?: number; y?: number; payload?: { value?: string | number } }) {
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={12} fill="#555b63">
      {payload?.value ?? ""}
    </text>
  );
}

export function BottomTick({ x, y, payload }: { x?: number; y?: number; payload?: { value?: string | number } }) {
  return (
    <text x={x} y={y} dy={12} textAnchor="middle" fontSize={12} fill="#555b63">
      {String(payload?.value ?? "")}
    </text>
  );
}

export function Legend({ items }: { items: { label: string; colour: string }[] }) {
  return (
    <ul className="assessment-legend stats-legend" aria-hidden="true">
      {items.map((i) => (
        <li key={i.label}>
          <span className="assessment-legend__swatch" style={{ background: i.colour }} />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/** A small trend line; the caller gives it a text alternative. */
export function Sparkline({ id, values, label }: { id: string; values: number[]; label: string }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <div role="img" aria-label={label} className="insight-spark">
      <LineChart id={id} width={240} height={48} data={data} margin={{ top: 4, right: 4, bottom: 4, left: 4 }}>
        <YAxis hide domain={[0, "dataMax"]} />
        <Line type="monotone" dataKey="v" stroke="#a8201a" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </div>
  );
}
