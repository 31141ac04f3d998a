import type { Messages } from "./zh-CN.ts";

type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };

/** A translation: any subset of the Chinese catalogue's keys. */
export type Catalogue = DeepPartial<Messages>;
