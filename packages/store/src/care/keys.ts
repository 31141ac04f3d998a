/**
 * The care items (children's files) and their keys, in the main table beside the cases; each
 * file's audit chain and access log in the audit table.
 *
 * | item              | pk                              | sk                        | indexes |
 * |-------------------|---------------------------------|---------------------------|---------|
 * | child file        | CHILDFILE#<childId>             | FILE                      | gsi1 CAREVILLAGE#<t>#<v>, gsi2 CARETOWNSHIP#<t> (by next due date); gsi3 CAREDUE while an escalation is pending |
 * | visit             | CHILDFILE#<childId>             | VISIT#<clientVisitId>     |         |
 * | report/case link  | CHILDFILE#<childId>             | LINK#<receivedAt>#<reportId> |      |
 * | work log line     | CHILDFILE#<childId>             | LOG#<at>#<id>             |         |
 * | fingerprint       | CAREFP#<fingerprint>            | CAREFP                    | (→ childId) |
 * | roll-up           | CAREROLLUP#<city\|t#\|v#\|h#…>  | ROLLUP                    |         |
 * | areas             | CAREAREAS                       | CITY \| T#<t> \| V#<t>#<v> | (sets of names) |
 * | escalation        | CAREESC#<T#t \| CITY>           | <at>#<childId>#<clock>#<level> |    |
 * | spot check        | SPOTCHECK#<checkId>             | CHECK \| RESULT#<childId> |         |
 * | director          | CAREDIRECTORS                   | <t>#<v>#<sub>             |         |
 * | survey import     | CAREIMPORT#<importId>           | IMPORT                    |         |
 * | audit event       | CHILDFILE#<childId>             | <seq 10 digits> (audit table) |     |
 * | access log entry  | CHILDACCESS#<childId>           | <at>#<id> (audit table)   |         |
 */
export const careKeys = {
  file: (childId: string) => ({ pk: `CHILDFILE#${childId}`, sk: "FILE" }),
  filePartition: (childId: string) => `CHILDFILE#${childId}`,
  visit: (childId: string, clientVisitId: string) => ({
    pk: `CHILDFILE#${childId}`,
    sk: `VISIT#${clientVisitId}`,
  }),
  link: (childId: string, receivedAt: string, reportId: string) => ({
    pk: `CHILDFILE#${childId}`,
    sk: `LINK#${receivedAt}#${reportId}`,
  }),
  log: (childId: string, at: string, id: string) => ({
    pk: `CHILDFILE#${childId}`,
    sk: `LOG#${at}#${id}`,
  }),
  fingerprint: (fingerprint: string) => ({ pk: `CAREFP#${fingerprint}`, sk: "CAREFP" }),
  rollupCity: () => ({ pk: "CAREROLLUP#city", sk: "ROLLUP" }),
  rollupTownship: (t: string) => ({ pk: `CAREROLLUP#t#${t}`, sk: "ROLLUP" }),
  rollupVillage: (t: string, v: string) => ({ pk: `CAREROLLUP#v#${t}#${v}`, sk: "ROLLUP" }),
  rollupHousehold: (t: string, v: string, h: string) => ({
    pk: `CAREROLLUP#h#${t}#${v}#${h}`,
    sk: "ROLLUP",
  }),
  areasCity: () => ({ pk: "CAREAREAS", sk: "CITY" }),
  areasTownship: (t: string) => ({ pk: "CAREAREAS", sk: `T#${t}` }),
  areasVillage: (t: string, v: string) => ({ pk: "CAREAREAS", sk: `V#${t}#${v}` }),
  escalationPartition: (scope: { township: string } | "city") =>
    scope === "city" ? "CAREESC#CITY" : `CAREESC#T#${scope.township}`,
  spotCheck: (checkId: string) => ({ pk: `SPOTCHECK#${checkId}`, sk: "CHECK" }),
  spotCheckResult: (checkId: string, childId: string) => ({
    pk: `SPOTCHECK#${checkId}`,
    sk: `RESULT#${childId}`,
  }),
  directorsPartition: "CAREDIRECTORS",
  director: (t: string, v: string, sub: string) => ({
    pk: "CAREDIRECTORS",
    sk: `${t}#${v}#${sub}`,
  }),
  import: (importId: string) => ({ pk: `CAREIMPORT#${importId}`, sk: "IMPORT" }),
  audit: (childId: string, seq: number) => ({
    pk: `CHILDFILE#${childId}`,
    sk: String(seq).padStart(10, "0"),
  }),
  accessPartition: (childId: string) => `CHILDACCESS#${childId}`,
};

/** Sparse work list of files with an escalation pending, by the instant it falls due. */
export const CARE_DUE_WORK_LIST = "CAREDUE";
