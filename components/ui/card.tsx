import type { ReactNode } from 'react';

export function Card({ children, className = '', as: Tag = 'section', ...rest }: { children: ReactNode; className?: string; as?: 'section' | 'div' | 'article'; 'aria-labelledby'?: string }) {
  return <Tag className={`rounded-lg border border-line bg-surface shadow-card ${className}`} {...rest}>{children}</Tag>;
}

export function CardHeader({ title, id, aside, description }: { title: ReactNode; id?: string; aside?: ReactNode; description?: ReactNode }) {
  return (
    <div className="flex items-start justify-between gap-4 border-b border-line px-4 py-3">
      <div className="min-w-0">
        <h2 id={id} className="text-sm font-semibold text-fg">{title}</h2>
        {description ? <p className="mt-0.5 text-xs text-muted">{description}</p> : null}
      </div>
      {aside}
    </div>
  );
}
