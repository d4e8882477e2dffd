import 'server-only';
/** The canaries of a context (`GET /api/v1/canaries`), built once per snapshot. */
import { buildCanaries, type CanariesDto } from '@/lib/dto/canaries';
import type { Snapshot } from '@/lib/snapshot';

const built = new WeakMap<Snapshot, Omit<CanariesDto, 'generatedAt'>>();

export function canariesOf(s: Snapshot): CanariesDto {
  let dto = built.get(s);
  if (!dto) built.set(s, (dto = buildCanaries(s, '')));
  return { ...dto, generatedAt: new Date().toISOString() };
}
