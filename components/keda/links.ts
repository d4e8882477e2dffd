export { scaledObjectHref } from '@/lib/dto/keda-links';
