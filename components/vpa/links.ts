export { vpaAnchor, vpaHref } from '@/lib/dto/vpa-links';
