import type { AgencyCode } from "@cp/domain/agencies";
import type { HarmCategory } from "@cp/domain/categories";
import type { Messages } from "./zh-CN.ts";

type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** A complete translation: every key of the Chinese catalogue, and the names Chinese takes from the domain. */
export type Complete = Shape<Messages> & {
  readonly agency: Record<AgencyCode, string>;
  readonly category: Record<HarmCategory, string>;
};

/** A partial translation: any subset of the keys, the rest falls back to Chinese. */
export type Catalogue = DeepPartial<Complete>;
