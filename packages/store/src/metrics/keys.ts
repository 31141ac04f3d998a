/**
 * Where the supervision aggregates live in the main table. One partition per group (an agency,
 * a category, a township, or the total), one item per local day, so a window over one group is
 * one Query whose size depends on the days in the window, never on the tickets in it.
 *
 * | item            | pk                          | sk              |
 * |-----------------|-----------------------------|-----------------|
 * | day aggregate   | METRICS#<dimension>#<key>   | DAY#<YYYY-MM-DD> |
 * | township names  | METRICS#KEYS                | township        |
 *
 * Attributes of a day aggregate: counters (`tickets`, `accepted`, …), and three sparse
 * histograms held as top-level numbers so that `ADD` works on an item that does not exist yet:
 * `a_<minutes>` time to accept, `c_<minutes>` time to close, `d_<YYYYMMDDHH>` open tickets by the
 * UTC hour of the due time that runs now.
 */

/** What a metrics request may group by; `total` is the one row over everything. */
export type Dimension = "agency" | "category" | "township" | "total";

export const TOTAL_KEY = "all";

/** Plain counters of a day aggregate. */
export const COUNTERS = [
  "cases",
  "tickets",
  "accepted",
  "closed",
  "declined",
  "acceptSlaMet",
  "acceptSlaBreached",
  "closeSlaMet",
  "closeSlaBreached",
] as const;
export type Counter = (typeof COUNTERS)[number];

export const HISTOGRAM_PREFIX = { accept: "a_", close: "c_", due: "d_" } as const;
