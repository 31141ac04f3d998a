/**
 * What an administrator sends to replace the routing table or the SLA policy. The schemas check
 * shape and completeness; `assertRoutingTableAboveFloor` / `assertSlaPolicyAboveFloor`
 * (floor-validation.ts) then check the law, so a change below the floor is refused with the
 * statute named.
 */
import * as z from "zod";
import { AGENCIES, AGENCY_CODES } from "./agencies.ts";
import { BasisSchema } from "./basis.ts";
import { MAX_POLICY_RULES } from "./bounds.ts";
import { HARM_CATEGORIES } from "./categories.ts";
import { CLOCK_IDS } from "./clock-ids.ts";
import { ROUTING_CONDITIONS } from "./routing/rules.ts";
import { TICKET_KINDS } from "./schemas.ts";

const RuleId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_]+$/, "lowercase letters, digits and _");

const Conditional = z.strictObject({
  agency: z.enum(AGENCY_CODES),
  when: z.enum(ROUTING_CONDITIONS),
});

function noRepeats(
  list: readonly { agency: string; when: string }[],
  path: (string | number)[],
  ctx: z.core.$RefinementCtx,
) {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    const key = `${x.agency}/${x.when}`;
    if (seen.has(key))
      ctx.addIssue({ code: "custom", path: [...path, i], message: "listed twice" });
    seen.add(key);
  });
}

const RoutingRuleInputSchema = z.strictObject({
  id: RuleId,
  category: z.enum(HARM_CATEGORIES),
  lead: z.enum(AGENCY_CODES),
  leadFallback: z.enum(AGENCY_CODES).optional(),
  conditionalLeads: z.array(Conditional).max(20).optional(),
  support: z.array(Conditional).max(20),
  oversight: z.array(z.enum(AGENCY_CODES)).max(AGENCY_CODES.length),
  basis: BasisSchema,
});

/** A new routing table as an administrator sends it: every category routed exactly once. */
export const RoutingTableInputSchema = z
  .strictObject({
    rules: z.array(RoutingRuleInputSchema).min(1).max(MAX_POLICY_RULES),
    enabledAgencies: z.array(z.enum(AGENCY_CODES)).min(1).max(AGENCY_CODES.length),
    note: z.string().min(1).max(1000).optional(),
  })
  .superRefine((t, ctx) => {
    const seenIds = new Set<string>();
    const seenCategories = new Set<string>();
    t.rules.forEach((r, i) => {
      if (seenIds.has(r.id)) {
        ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: "duplicate rule id" });
      }
      if (seenCategories.has(r.category)) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "category"],
          message: "this category already has a rule",
        });
      }
      seenIds.add(r.id);
      seenCategories.add(r.category);
      noRepeats(r.support, ["rules", i, "support"], ctx);
      noRepeats(r.conditionalLeads ?? [], ["rules", i, "conditionalLeads"], ctx);
      r.oversight.forEach((a, j) => {
        if (r.oversight.indexOf(a) !== j) {
          ctx.addIssue({
            code: "custom",
            path: ["rules", i, "oversight", j],
            message: "listed twice",
          });
        }
      });
    });
    for (const c of HARM_CATEGORIES) {
      if (!seenCategories.has(c)) {
        ctx.addIssue({ code: "custom", path: ["rules"], message: `no rule for category ${c}` });
      }
    }
    t.enabledAgencies.forEach((a, i) => {
      if (t.enabledAgencies.indexOf(a) !== i) {
        ctx.addIssue({ code: "custom", path: ["enabledAgencies", i], message: "listed twice" });
      }
    });
    for (const code of AGENCY_CODES) {
      if (AGENCIES[code].required && !t.enabledAgencies.includes(code)) {
        ctx.addIssue({
          code: "custom",
          path: ["enabledAgencies"],
          message: `${code} is required and cannot be switched off`,
        });
      }
    }
  });

export type RoutingTableInput = z.infer<typeof RoutingTableInputSchema>;

/** A length of time in milliseconds: at least a minute, at most a year. */
const Duration = z
  .int()
  .min(60_000)
  .max(366 * 24 * 3_600_000)
  .meta({ format: "int64" });

const SlaRuleInputSchema = z.strictObject({
  id: RuleId,
  match: z.strictObject({
    agency: z.enum(AGENCY_CODES).optional(),
    kind: z.enum(TICKET_KINDS).optional(),
    immediateDanger: z.boolean().optional(),
    categoriesAny: z.array(z.enum(HARM_CATEGORIES)).min(1).max(HARM_CATEGORIES.length).optional(),
  }),
  acceptWithinMs: Duration,
  closeWithinMs: Duration.nullable(),
  extendableToMs: Duration.nullable(),
  basis: BasisSchema,
});

const ClockRuleInputSchema = z.strictObject({
  withinMs: Duration,
  emergencyWithinMs: Duration.optional(),
  basis: BasisSchema,
});

export const SlaPolicyInputSchema = z
  .strictObject({
    rules: z.array(SlaRuleInputSchema).max(MAX_POLICY_RULES),
    defaultRule: SlaRuleInputSchema,
    clocks: z.strictObject(
      Object.fromEntries(CLOCK_IDS.map((id) => [id, ClockRuleInputSchema])) as Record<
        (typeof CLOCK_IDS)[number],
        typeof ClockRuleInputSchema
      >,
    ),
    note: z.string().min(1).max(1000).optional(),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>([p.defaultRule.id]);
    p.rules.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: "duplicate rule id" });
      }
      seen.add(r.id);
      const m = JSON.stringify(r.match);
      const twin = p.rules.findIndex((o) => JSON.stringify(o.match) === m);
      if (twin !== i) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "match"],
          message: `same conditions as rule ${p.rules[twin]?.id}`,
        });
      }
    });
    if (Object.keys(p.defaultRule.match).length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultRule", "match"],
        message: "the default rule matches everything: no conditions",
      });
    }
  });

export type SlaPolicyInput = z.infer<typeof SlaPolicyInputSchema>;
