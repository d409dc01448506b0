import type { ComponentType } from 'react';
import type { ListedResource } from '../api/types';

/**
 * How the resources table shows one kind: its name and icon in the Kind column and the filter,
 * and what a user can do with one of them. One file per kind under kinds/ exports `renderer`;
 * kindRenderers.ts finds it there, so a new kind is that one file.
 */
export interface KindRenderer {
  /** The kind as the proxy names it (`node`, `desktop`). */
  kind: string;
  /** One of them, for the Kind column (`Server`). */
  label: string;
  /** Several, for the kind filter (`Servers`). */
  plural: string;
  /** Where the kind stands in the filter: lower first. */
  order: number;
  Icon: ComponentType;
  /** The last cell: Connect, with a login to pick. */
  Actions: ComponentType<{ resource: ListedResource }>;
}
