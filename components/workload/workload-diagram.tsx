import Link from 'next/link';
import { anchorOf } from '@/lib/dto/finding-links';
import type { DiagramEdge, DiagramNode, WorkloadDiagram } from '@/lib/dto/workload-graph';
import { workloadHref } from '@/lib/links';
import { isWorkloadKind } from '@/lib/k8s/workload';

const BOX_W = 220;
const BOX_H = 46;
const COL_GAP = 110;
const ROW_GAP = 18;
const SHORT: Record<string, string> = { HorizontalPodAutoscaler: 'HPA', VerticalPodAutoscaler: 'VPA', CronHorizontalPodAutoscaler: 'CronHPA' };
const EDGE_LABEL: Record<DiagramEdge['type'], string> = { scales: 'scales', owns: 'owns', adjusts: 'sets min/max', targets: 'drives', shadows: 'primary' };

/** A small left-to-right diagram: who scales the workload, who owns or adjusts those. */
export function WorkloadDiagramView({ diagram }: { diagram: WorkloadDiagram }) {
  const all: DiagramNode[][] = [[], [], []];
  for (const n of diagram.nodes) all[n.column]!.push(n);
  // Columns without nodes (e.g. nothing drives the HPAs) are dropped so the diagram stays compact.
  const columns = all.filter((c) => c.length > 0);
  const rows = Math.max(...columns.map((c) => c.length), 1);
  const height = rows * (BOX_H + ROW_GAP) - ROW_GAP;
  const pos = new Map<string, { x: number; y: number }>();
  columns.forEach((col, c) => {
    const offset = (height - (col.length * (BOX_H + ROW_GAP) - ROW_GAP)) / 2;
    col.forEach((n, r) => pos.set(n.key, { x: c * (BOX_W + COL_GAP), y: offset + r * (BOX_H + ROW_GAP) }));
  });
  const width = columns.length * BOX_W + (columns.length - 1) * COL_GAP;
  return (
    <figure className="overflow-x-auto">
      <div className="relative" style={{ width, height: height + 8 }}>
        <svg className="absolute inset-0 text-line-strong" width={width} height={height + 8} aria-hidden>
          <defs>
            <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" fill="currentColor" />
            </marker>
          </defs>
          {diagram.edges.map((e) => <EdgePath key={`${e.from}>${e.to}>${e.type}`} e={e} pos={pos} />)}
        </svg>
        {diagram.nodes.map((n) => {
          const p = pos.get(n.key)!;
          return <NodeBox key={n.key} n={n} x={p.x} y={p.y} />;
        })}
      </div>
      <figcaption className="sr-only">
        {diagram.edges.map((e) => {
          const from = diagram.nodes.find((n) => n.key === e.from)!;
          const to = diagram.nodes.find((n) => n.key === e.to)!;
          return `${from.ref.kind} ${from.ref.name} ${EDGE_LABEL[e.type]} ${to.ref.kind} ${to.ref.name}. `;
        })}
      </figcaption>
    </figure>
  );
}

function EdgePath({ e, pos }: { e: DiagramEdge; pos: Map<string, { x: number; y: number }> }) {
  const a = pos.get(e.from);
  const b = pos.get(e.to);
  if (!a || !b) return null;
  const sameColumn = a.x === b.x;
  const x1 = sameColumn ? a.x + BOX_W / 2 : a.x + BOX_W;
  const y1 = sameColumn ? a.y + BOX_H : a.y + BOX_H / 2;
  const x2 = sameColumn ? b.x + BOX_W / 2 : b.x;
  const y2 = sameColumn ? b.y : b.y + BOX_H / 2;
  const mx = (x1 + x2) / 2;
  const d = sameColumn ? `M${x1},${y1} L${x2},${y2 - 2}` : `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 2},${y2}`;
  const dashed = e.type === 'owns' || e.type === 'shadows';
  return (
    <g>
      <path d={d} fill="none" stroke="currentColor" strokeWidth={1.5} strokeDasharray={dashed ? '4 3' : undefined} markerEnd="url(#arrow)" />
      <text x={sameColumn ? x1 + 6 : mx} y={sameColumn ? (y1 + y2) / 2 : (y1 + y2) / 2 - 4} textAnchor={sameColumn ? 'start' : 'middle'} className="fill-muted text-[10px]">
        {EDGE_LABEL[e.type]}
      </text>
    </g>
  );
}

function NodeBox({ n, x, y }: { n: DiagramNode; x: number; y: number }) {
  const label = SHORT[n.ref.kind] ?? n.ref.kind;
  const href = isWorkloadKind(n.ref.kind) ? (n.focus || !n.ref.namespace ? undefined : workloadHref({ namespace: n.ref.namespace, kind: n.ref.kind, name: n.ref.name })) : `#${anchorOf(n.ref)}`;
  const box = (
    <>
      <span className="block text-[10px] uppercase tracking-wide text-muted">{label}{n.exists ? '' : ' · missing'}</span>
      <span className="block truncate font-mono text-xs">{n.ref.name}</span>
    </>
  );
  const cls = `absolute rounded-md border px-2.5 py-1.5 ${n.focus ? 'border-accent bg-accent-soft' : n.exists ? 'border-line bg-surface' : 'border-dashed border-crit bg-crit-soft'}`;
  const style = { left: x, top: y, width: BOX_W, height: BOX_H };
  return href ? <Link href={href} className={`${cls} hover:border-line-strong`} style={style}>{box}</Link> : <div className={cls} style={style}>{box}</div>;
}
