/**
 * The semiannual progress report in a Lambda of its own, behind `GET /v1/reports/progress`.
 *
 * It is the same app as the API (same token check, roles, quotas, problem answers: one source of
 * truth), but only this function's bundle carries exceljs (~800 KB with its dependencies); the
 * API's bundle leaves it out (infra/bundling.ts), so the API's cold start does not pay for a
 * report made twice a year.
 */
export { handler } from "../api/index.ts";
