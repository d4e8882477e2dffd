'use client';

import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import type { WorkloadSort } from '@/lib/dto/workloads';

/** A column header that sorts by its column; announces the order with aria-sort. */
export function SortHeader({ label, column, sort, dir, onSort, align = 'left' }: {
  label: string;
  column: WorkloadSort;
  sort: WorkloadSort;
  dir: 'asc' | 'desc';
  onSort: (column: WorkloadSort, dir: 'asc' | 'desc') => void;
  align?: 'left' | 'right';
}) {
  const active = sort === column;
  const Icon = !active ? ArrowUpDown : dir === 'asc' ? ArrowUp : ArrowDown;
  return (
    <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={`px-4 py-2 font-medium ${align === 'right' ? 'text-right' : 'text-left'}`}>
      <button
        type="button"
        onClick={() => onSort(column, active && dir === 'asc' ? 'desc' : 'asc')}
        className={`inline-flex items-center gap-1 rounded hover:text-fg ${active ? 'text-fg' : ''}`}
      >
        {label}
        <Icon aria-hidden className="size-3.5" />
      </button>
    </th>
  );
}
