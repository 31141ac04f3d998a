/**
 * The care side's answers as the pages read them, inferred from the API's response schemas
 * (`@cp/domain/responses`), and what the pages send, from the API's input schemas. Types only:
 * nothing of the schemas is bundled for the browser.
 */
import type { VisitInputSchema } from "@cp/domain/care/child-file";
import type { ChildFileAnswer, ChildListItem } from "@cp/domain/responses";
import type { z } from "zod";

export type {
  CareRollup as RollupView,
  ChildFileAnswer as ChildFile,
  ChildListItem,
  RecordedVisitAnswer as RecordedVisit,
  RollupFigures,
} from "@cp/domain/responses";

export type VisitClock = ChildListItem["contact"];

export type ProblemOnFile = ChildFileAnswer["problems"][number];

/** What the 主任 sends for one visit (the API's VisitInput, before its defaults). */
export type VisitBody = z.input<typeof VisitInputSchema>;
