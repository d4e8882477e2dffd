/** Text from findings: spans in backticks are object names and values, shown as code. Escaped by React. */
export function RichText({ text, className }: { text: string; className?: string }) {
  const parts = text.split('`');
  return (
    <span className={className}>
      {parts.map((p, i) => (i % 2 === 1 ? <code key={i} className="rounded bg-surface-2 px-1 py-px font-mono text-[0.85em] text-fg">{p}</code> : p))}
    </span>
  );
}
