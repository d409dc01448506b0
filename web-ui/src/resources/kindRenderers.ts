import type { KindRenderer } from './kindRenderer';

// Every kinds/<kind>.tsx, bundled at build time: a kind's renderer registers by existing.
const modules = import.meta.glob<{ renderer: KindRenderer }>(['./kinds/*.tsx', '!./kinds/*.test.tsx'], { eager: true });

export const KIND_RENDERERS: readonly KindRenderer[] = Object.values(modules)
  .map((m) => m.renderer)
  .sort((a, b) => a.order - b.order || a.kind.localeCompare(b.kind));

/** The renderer of a kind, if this UI knows it (a newer proxy may list a kind it does not). */
export function rendererFor(kind: string): KindRenderer | undefined {
  return KIND_RENDERERS.find((r) => r.kind === kind);
}
