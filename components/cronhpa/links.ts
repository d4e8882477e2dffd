export { cronHpaAnchor, cronHpaHref } from '@/lib/dto/cronhpa-links';
